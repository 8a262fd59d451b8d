declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

// The installed @element-plus/icons-vue ships types/index.d.ts re-exporting './components', a
// folder without an index, so TypeScript sees no icons; these are the ones the app uses.
declare module '@element-plus/icons-vue' {
  import type { DefineComponent } from 'vue';
  type Icon = DefineComponent<object, object, unknown>;
  export const Document: Icon;
  export const EditPen: Icon;
  export const Odometer: Icon;
  export const OfficeBuilding: Icon;
  export const Setting: Icon;
  export const Tickets: Icon;
  export const User: Icon;
  export const Refresh: Icon;
  export const SwitchButton: Icon;
  export const Delete: Icon;
  export const Plus: Icon;
  export const Printer: Icon;
  export const Search: Icon;
  export const View: Icon;
}
