import { workerApi } from './workerClient';

// Imported first by main.tsx, so it runs before React and the page's other modules are evaluated:
// the worker (and HDF5's start-up in it) begins at once.
workerApi();
