declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

// Icons resolve from the package itself (moduleResolution "bundler" in web/tsconfig.json); never
// `declare module '@element-plus/icons-vue'` anywhere: it would hide the package's own types.
