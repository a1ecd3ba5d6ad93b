/**
 * The review app's entry: one stylesheet (emitted as a file: the CSP allows no inline style) and the app.
 */
import { render } from 'preact';
import { App } from './app.js';
import './styles.css';

render(<App />, document.getElementById('app')!);
