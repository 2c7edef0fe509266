import { z } from 'zod';
import { Attachment } from '../../../shared/cluster.ts';
import { actorOf, principalOf, typed, type App, type Ctx } from '../../platform/context.ts';
import { sendStoredFile } from '../../platform/files.ts';
import { receiveFile } from '../../platform/uploads.ts';
import { addAttachment, findAttachment, listAttachments, type OwnerKind } from './attachments.ts';

const IdParams = z.object({ id: z.uuid() });

export async function attachmentRoutes(app: App, ctx: Ctx): Promise<void> {
  const r = typed(app);
  const tags = ['cluster'];

  const owners: [string, OwnerKind][] = [['project-reports', 'report'], ['pledges', 'pledge']];
  for (const [path, kind] of owners) {
    r.post(`/api/v1/${path}/:id/attachments`, {
      schema: { tags, summary: `Attach an image or PDF (multipart field "file", ≤ 10 MB, type checked by content) to a ${kind}`, params: IdParams, response: { 201: Attachment } },
    }, async (req, reply) => reply.status(201).send(await addAttachment(ctx, actorOf(req), kind, req.params.id, () => receiveFile(req))));

    r.get(`/api/v1/${path}/:id/attachments`, {
      schema: { tags, summary: `Attachments of a ${kind}`, params: IdParams, response: { 200: z.array(Attachment) } },
    }, async (req) => listAttachments(ctx, principalOf(req), kind, req.params.id));
  }

  r.get('/api/v1/attachments/:id', {
    schema: { tags, summary: 'Download an attachment (only for those who may see its record)', params: IdParams },
  }, async (req, reply) => sendStoredFile(reply, ctx.config, await findAttachment(ctx, principalOf(req), req.params.id)));
}
