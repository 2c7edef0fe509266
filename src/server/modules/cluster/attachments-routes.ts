import { z } from 'zod';
import { Attachment } from '../../../shared/cluster.ts';
import { actorOf, principalOf, typed, type App } from '../../platform/context.ts';
import { sendStoredFile } from '../../platform/files.ts';
import { receiveFile } from '../../platform/uploads.ts';
import { addAttachment, findAttachment, listAttachments, ownerRegion, type OwnerKind } from './attachments.ts';

const IdParams = z.object({ id: z.uuid() });

export async function attachmentRoutes(app: App): Promise<void> {
  const { db } = app.deps.database;
  const { config } = app.deps;
  const r = typed(app);
  const tags = ['cluster'];

  const owners: [string, OwnerKind][] = [['project-reports', 'report'], ['pledges', 'pledge']];
  for (const [path, kind] of owners) {
    r.post(`/api/v1/${path}/:id/attachments`, {
      schema: { tags, summary: `Attach an image or PDF (multipart field "file", ≤ 10 MB, type checked by content) to a ${kind}`, params: IdParams, response: { 201: Attachment } },
    }, async (req, reply) => {
      const actor = actorOf(req);
      // scope first: an out-of-scope caller learns nothing and uploads nothing
      const regionId = await ownerRegion(db, actor.principal, kind, req.params.id, 'write');
      const file = await receiveFile(req);
      return reply.status(201).send(await addAttachment(db, config, actor, kind, req.params.id, regionId, file, app.deps.now()));
    });

    r.get(`/api/v1/${path}/:id/attachments`, {
      schema: { tags, summary: `Attachments of a ${kind}`, params: IdParams, response: { 200: z.array(Attachment) } },
    }, async (req) => listAttachments(db, principalOf(req), kind, req.params.id));
  }

  r.get('/api/v1/attachments/:id', {
    schema: { tags, summary: 'Download an attachment (only for those who may see its record)', params: IdParams },
  }, async (req, reply) => {
    const a = await findAttachment(db, principalOf(req), req.params.id);
    return sendStoredFile(reply, config, { key: a.storageKey, contentType: a.contentType, fileName: a.fileName });
  });
}
