/// <reference lib="webworker" />
// Entry point of a pool worker: a module Web Worker with its own heap and event loop.
import { expose } from 'comlink';
import { createPoolWorkerApi } from './pool-worker-api';

expose(createPoolWorkerApi());
