// The entry is only this: the worker (and HDF5's start-up in it) begins as soon as this small chunk
// runs, while the page's own code is still being fetched and parsed.
import './boot';

void import('./mount');
