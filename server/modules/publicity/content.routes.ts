import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  ZContentCreate,
  ZContentDetail,
  ZContentFile,
  ZContentFileParams,
  ZContentIdParam,
  ZContentList,
  ZContentPublish,
  ZContentQuery,
  ZContentReject,
  ZContentSubmit,
  ZContentUpdate,
  ZContentWithdraw,
  ZShare,
  ZShareQuery,
  ZWechatCopy,
} from '../../../common/schemas/publicity-content.ts';
import type { Ctx, Deps } from '../../platform/context.ts';
import { contentDisposition, sendAttachment, uploadedFile } from '../../platform/files/upload.ts';
import { route } from '../../platform/http.ts';
import {
  addContentFile,
  createContent,
  deleteContent,
  getContent,
  listContents,
  openContentFile,
  publishContent,
  rejectContent,
  reopenContent,
  submitContent,
  updateContent,
  withdrawContent,
} from './content.service.ts';
import { posterPng, publicOrigin, qrPng, shareLinks, wechatCopy } from './content.share.ts';

const tags = ['publicity'];
const B = '/api/v1/publicity/contents';

const origin = (ctx: Ctx, req: FastifyRequest) => publicOrigin(ctx, req);

/** 普法内容库: articles, posters and videos; review and publication; share link, QR, poster, WeChat copy. */
export function contentRoutes(app: FastifyInstance, deps: Deps): void {
  route(app, deps, { method: 'GET', url: B, summary: '普法内容库（按状态、类型、主题、关键词筛选）', tags, query: ZContentQuery, response: ZContentList }, async ({ ctx, query }) => listContents(ctx, query));
  route(app, deps, { method: 'POST', url: B, summary: '新建普法内容（文章、海报、视频），为草稿', tags, body: ZContentCreate, response: z.object({ id: z.string() }) }, async ({ ctx, body }) =>
    createContent(ctx, body),
  );
  route(app, deps, { method: 'GET', url: `${B}/:id`, summary: '普法内容详情', tags, params: ZContentIdParam, response: ZContentDetail }, async ({ ctx, params }) => getContent(ctx, params.id));
  route(
    app,
    deps,
    { method: 'PATCH', url: `${B}/:id`, summary: '修改普法内容（仅草稿；正文由服务器净化）', tags, params: ZContentIdParam, body: ZContentUpdate, response: ZContentDetail },
    async ({ ctx, params, body }) => updateContent(ctx, params.id, body),
  );
  route(app, deps, { method: 'DELETE', url: `${B}/:id`, summary: '删除从未发布过的草稿', tags, params: ZContentIdParam }, async ({ ctx, params }) => deleteContent(ctx, params.id));

  // ——— review and publication (security S10) ———
  route(
    app,
    deps,
    { method: 'POST', url: `${B}/:id/submit`, summary: '提交审核（须声明不含未成年人信息、调解协议；检查身份证号、手机号、银行卡号）', tags, params: ZContentIdParam, body: ZContentSubmit, response: ZContentDetail },
    async ({ ctx, params, body }) => submitContent(ctx, params.id, body),
  );
  route(
    app,
    deps,
    { method: 'POST', url: `${B}/:id/publish`, summary: '审核通过并发布到门户（四眼原则：作者不能审核自己的内容）', tags, params: ZContentIdParam, body: ZContentPublish, response: ZContentDetail },
    async ({ ctx, params, body }) => publishContent(ctx, params.id, body.note),
  );
  route(
    app,
    deps,
    { method: 'POST', url: `${B}/:id/reject`, summary: '退回修改（须写明意见）', tags, params: ZContentIdParam, body: ZContentReject, response: ZContentDetail },
    async ({ ctx, params, body }) => rejectContent(ctx, params.id, body.note),
  );
  route(
    app,
    deps,
    { method: 'POST', url: `${B}/:id/withdraw`, summary: '撤回已发布的内容（须写明原因；门户显示“已撤回”）', tags, params: ZContentIdParam, body: ZContentWithdraw, response: ZContentDetail },
    async ({ ctx, params, body }) => withdrawContent(ctx, params.id, body.reason),
  );
  route(app, deps, { method: 'POST', url: `${B}/:id/reopen`, summary: '撤回的内容重新编辑（回到草稿）', tags, params: ZContentIdParam, response: ZContentDetail }, async ({ ctx, params }) =>
    reopenContent(ctx, params.id),
  );

  // ——— files ———
  route(
    app,
    deps,
    { method: 'POST', url: `${B}/:id/files`, summary: '上传文章插图或海报（PNG/JPG）、视频（MP4）（multipart，字段 file；仅草稿）', tags, params: ZContentIdParam, multipart: true, response: ZContentFile },
    async ({ ctx, params, req }) => addContentFile(ctx, params.id, uploadedFile(req)),
  );
  route(
    app,
    deps,
    { method: 'GET', url: `${B}/:id/files/:fileId`, summary: '查看内容的文件（须有权查看该内容）', tags, params: ZContentFileParams, binary: 'application/octet-stream' },
    async ({ ctx, params, reply }) => {
      const f = await openContentFile(ctx, params.id, params.fileId);
      return sendAttachment(reply, f);
    },
  );

  // ——— share outputs of a published item ———
  route(
    app,
    deps,
    { method: 'GET', url: `${B}/:id/share`, summary: '分享链接：门户链接、扫码链接、各村微信群链接（带村标签）', tags, params: ZContentIdParam, response: ZShare },
    async ({ ctx, params, req }) => shareLinks(ctx, params.id, origin(ctx, req)),
  );
  route(
    app,
    deps,
    { method: 'GET', url: `${B}/:id/qr.png`, summary: '二维码图片（扫码打开文章；可带村标签）', tags, params: ZContentIdParam, query: ZShareQuery, binary: 'image/png' },
    async ({ ctx, params, query, req, reply }) => {
      const { png, slug } = await qrPng(ctx, params.id, origin(ctx, req), query.v);
      return reply.header('Content-Type', 'image/png').header('Content-Disposition', contentDisposition('inline', `qr-${slug}.png`)).header('Cache-Control', 'private, max-age=300').send(png);
    },
  );
  route(
    app,
    deps,
    { method: 'GET', url: `${B}/:id/poster.png`, summary: '二维码海报（A4，150dpi，可打印张贴；可带村标签）', tags, params: ZContentIdParam, query: ZShareQuery, binary: 'image/png' },
    async ({ ctx, params, query, req, reply }) => {
      const { png, slug } = await posterPng(ctx, params.id, origin(ctx, req), query.v);
      return reply.header('Content-Type', 'image/png').header('Content-Disposition', contentDisposition('attachment', `普法海报-${slug}.png`)).header('Cache-Control', 'private, max-age=300').send(png);
    },
  );
  route(
    app,
    deps,
    { method: 'GET', url: `${B}/:id/wechat`, summary: '复制到微信公众号编辑器的排版（样式全部内联，图片为绝对地址）', tags, params: ZContentIdParam, response: ZWechatCopy },
    async ({ ctx, params, req }) => wechatCopy(ctx, params.id, origin(ctx, req)),
  );
}
