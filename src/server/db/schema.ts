// Every table of the application, for drizzle-kit and the query builder.
export * from '../platform/schema.ts';
export * from '../platform/cases/schema.ts';
export * from '../modules/directory/schema.ts';
export * from '../modules/cluster/schema.ts';
export * from '../modules/activities/schema.ts';
export * from '../modules/chamber/schema.ts';
export * from '../modules/cobuild/schema.ts';
export * from '../platform/ledger/schema.ts';
export * from '../modules/venues/schema.ts';
export * from '../modules/money/schema.ts';
export * from '../platform/notify/schema.ts';
export * from '../platform/kiosk/schema.ts';
export * from '../platform/figures/schema.ts';
