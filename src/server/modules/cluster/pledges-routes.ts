import type { App } from '../../platform/context.ts';

export async function pledgeRoutes(_app: App): Promise<void> {}
