// Renderer entry: mount the app. Everything the renderer knows about main goes through lib/api.ts.
import { mount } from 'svelte';
import App from './app.svelte';
import './global.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html lacks #app');
mount(App, { target });
