// Entry point of dashboard.js, loaded by the server's /moderate page into
// <div id="townhall-dashboard">. The API is this page's own origin.

import { render } from 'preact';
import { App } from './App';
import './styles.css';

function mount() {
  const root = document.getElementById('townhall-dashboard') ?? document.body.appendChild(document.createElement('div'));
  render(<App />, root);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mount);
else mount();
