import type { App } from '../../platform/context.ts';

export async function projectRoutes(_app: App): Promise<void> {}
