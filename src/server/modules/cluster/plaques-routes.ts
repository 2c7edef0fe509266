import type { App } from '../../platform/context.ts';

export async function plaqueRoutes(_app: App): Promise<void> {}
