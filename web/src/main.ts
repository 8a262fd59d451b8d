import { createApp } from 'vue';
import ElementPlus from 'element-plus';
import 'element-plus/dist/index.css';
import App from './App.vue';
import { router } from './router.ts';
import { vCan } from './features/auth/composables/v-can.ts';

createApp(App).use(ElementPlus).use(router).directive('can', vCan).mount('#app');
