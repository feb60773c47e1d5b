#!/usr/bin/env node
// The published CLI runs the committed bundle; `npm run bundle` rebuilds it from src/.
import '../dist/cli.js';
