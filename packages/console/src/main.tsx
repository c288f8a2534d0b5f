// The console's entry: Pico's styles (the component library: plain semantic HTML styled, no
// JavaScript of its own), the console's few additions, and the app.
import '@picocss/pico/css/pico.min.css';
import './styles.css';
import { render } from 'preact';
import { App } from './app/app.js';

const root = document.getElementById('app');
if (root) render(<App />, root);
