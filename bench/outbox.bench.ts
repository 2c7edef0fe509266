/** The outbox benchmark (bench/outbox.ts), as a module of `npm run bench`. */
export { run } from './outbox.ts';
