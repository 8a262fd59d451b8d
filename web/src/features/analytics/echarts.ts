// The ECharts pieces this feature draws with, installed once when the module loads (before any
// map is registered: registerMap works only after the map chart is installed). Importing from
// echarts/core keeps the bundle to these parts.
import { use } from 'echarts/core';
import { BarChart, LineChart, MapChart, PieChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

// SVG: crisp on big screens and projectors, small memory, and one renderer keeps the bundle lean
use([
  BarChart,
  LineChart,
  MapChart,
  PieChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
  SVGRenderer,
]);

export { init, registerMap } from 'echarts/core';
export type { ECElementEvent, ECharts, EChartsCoreOption } from 'echarts/core';
