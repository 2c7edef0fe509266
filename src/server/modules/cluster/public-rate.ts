/** Requests per minute per IP on public pages (plaque page, published results); PUBLIC_RATE_PER_MINUTE overrides. */
export const publicRate = () => Number(process.env.PUBLIC_RATE_PER_MINUTE) || 120;
