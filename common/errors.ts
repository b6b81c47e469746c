/**
 * Error codes and their Chinese and English texts. The server answers every error as
 * `{code, message, fields}`; the web shows `message` or, for a form, each field's message.
 */
export const ERROR_MESSAGES = {
  VALIDATION: { status: 400, zh: '提交的内容有误，请检查标出的字段', en: 'Some fields are invalid' },
  BAD_REQUEST: { status: 400, zh: '请求格式不正确', en: 'Malformed request' },
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Please log in' },
  SESSION_EXPIRED: { status: 401, zh: '登录已过期，请重新登录', en: 'Your session has expired; please log in again' },
  LOGIN_FAILED: { status: 401, zh: '用户名或密码错误，或账号已被锁定', en: 'Wrong username or password, or the account is locked' },
  MFA_REQUIRED: { status: 401, zh: '请输入动态验证码', en: 'Enter your one-time code' },
  MFA_INVALID: { status: 401, zh: '动态验证码不正确', en: 'The one-time code is wrong' },
  PASSWORD_CHANGE_REQUIRED: { status: 403, zh: '请先修改初始密码或已过期的密码', en: 'Change your initial or expired password first' },
  MFA_SETUP_REQUIRED: { status: 403, zh: '管理和审核岗位须先绑定动态验证码', en: 'Privileged roles must set up a one-time code first' },
  FORBIDDEN: { status: 403, zh: '没有权限进行此操作', en: 'You are not allowed to do this' },
  CSRF: { status: 403, zh: '请求来源不受信任', en: 'Request origin not trusted' },
  NOT_FOUND: { status: 404, zh: '记录不存在', en: 'Not found' },
  CONFLICT: { status: 409, zh: '记录已被他人修改，请刷新后重试', en: 'The record was changed by someone else; reload and retry' },
  DUPLICATE: { status: 409, zh: '记录已存在', en: 'Already exists' },
  INVALID_STATE: { status: 409, zh: '当前状态下不能进行此操作', en: 'Not allowed in the current state' },
  ORG_NOT_EMPTY: {
    status: 409,
    zh: '该组织下还有下级组织、用户或业务数据，不能删除',
    en: 'This organisation still has sub-organisations, users or work data and cannot be deleted',
  },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '文件过大', en: 'File too large' },
  UNSUPPORTED_FILE: { status: 415, zh: '不支持的文件类型', en: 'Unsupported file type' },
  RATE_LIMITED: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests' },
  INTERNAL: { status: 500, zh: '服务器内部错误，请稍后再试', en: 'Internal error; please try again later' },
} as const;
export type ErrorCode = keyof typeof ERROR_MESSAGES;

/** Field-level messages for rules zod cannot phrase itself (referenced by `params.i18n`). */
export const FIELD_MESSAGES = {
  id_card_invalid: { zh: '身份证号码格式或校验位不正确', en: 'Invalid ID-card number (format or check digit)' },
  phone_invalid: { zh: '电话号码格式不正确', en: 'Invalid phone number' },
  date_invalid: { zh: '日期格式应为 YYYY-MM-DD 且为真实日期', en: 'Date must be a real YYYY-MM-DD date' },
  month_invalid: { zh: '月份格式应为 YYYY-MM', en: 'Month must be YYYY-MM' },
  password_weak: {
    zh: '密码至少8位，且包含大写字母、小写字母、数字、符号中的至少三类，不能包含用户名或常见弱口令',
    en: 'Password needs 8+ characters from at least three of: upper case, lower case, digits, symbols; no username or common password',
  },
  password_reused: { zh: '新密码不能与当前密码相同', en: 'The new password must differ from the current one' },
  password_wrong: { zh: '当前密码不正确', en: 'The current password is wrong' },
  required: { zh: '必填', en: 'Required' },
  org_parent_invalid: { zh: '上级组织不合法', en: 'Invalid parent organisation' },
  out_of_scope: { zh: '超出您的管辖范围', en: 'Outside your scope' },
  role_separation: { zh: '系统管理员、安全管理员、审计管理员不能由同一人兼任', en: 'System, security and audit administrator roles cannot be combined' },
  not_found: { zh: '所选记录不存在', en: 'The selected record does not exist' },
  duplicate: { zh: '已存在', en: 'Already exists' },
  case_prefix_taken: { zh: '该案号前缀已被其他调解委员会使用（案号会重复）', en: 'Another mediation committee already uses this case-number prefix (case numbers would repeat)' },
  date_order: { zh: '日期先后顺序不正确', en: 'Dates are in the wrong order' },
  outcome_required: { zh: '结案时须填写调解结果', en: 'An outcome is required to close' },
  reason_required: { zh: '调解不成功或终止时须写明原因', en: 'A reason is required when mediation fails or is terminated' },
  zero_report_counts: { zh: '零上报时各项数量应为0', en: 'A zero report must have all counts at 0' },
  resolved_exceeds_found: { zh: '化解数与上报数之和不能超过排查发现数', en: 'Resolved plus escalated cannot exceed found' },
  hours_precision: { zh: '学时最多保留一位小数', en: 'Hours take at most one decimal place' },
  totp_invalid: { zh: '动态验证码不正确', en: 'The one-time code is wrong' },
  committee_org_kind: { zh: '人民调解委员会只能设在村（社区）或乡镇', en: 'A mediation committee belongs to a village or a township' },
  village_required: { zh: '请选择村（社区）', en: 'Choose a village' },
  period_future: { zh: '不能填报未到的月份', en: 'This month has not begun yet' },
  target_org_kind: { zh: '目标人数按乡镇（或县）设置', en: 'The target is set for a township (or the county)' },
  settings_org_kind: { zh: '调解设置按乡镇（或县）设置，村（社区）沿用所属乡镇的设置', en: 'Mediation settings are set for a township (or the county); villages use their township\'s' },
  zero_report_conflict: { zh: '本月已填报排查发现的纠纷，不能改为零上报，请修改原记录', en: 'Disputes were already reported for this month; edit that report instead of a zero report' },
  org_code_invalid: { zh: '代码只能包含字母、数字、短横线和下划线，最长32位', en: 'The code may contain letters, digits, - and _ only (up to 32)' },
  org_kind_invalid: { zh: '类型应为 乡镇、村（社区）或部门', en: 'The kind must be township, village or department' },
  org_parent_not_found: { zh: '上级代码不存在（须已在系统中，或在本表前面的行中）', en: 'Parent code not found (it must exist already or appear in an earlier row)' },
  org_has_children: { zh: '还有下级组织', en: 'It still has sub-organisations' },
  org_has_users: { zh: '还有用户属于该组织或在该组织上被授予角色', en: 'Users still belong to it or hold roles on it' },
  org_has_data: { zh: '还有业务数据（人员、案件、附件等）记在该组织名下', en: 'Work data (people, cases, files…) is still recorded under it' },
  import_file_required: { zh: '请上传 Excel 文件（.xlsx）', en: 'Upload an Excel file (.xlsx)' },
  import_file_invalid: { zh: '无法读取该文件，请使用下载的模板另存为 .xlsx 后上传', en: 'The file cannot be read; save the downloaded template as .xlsx and upload it' },
  import_header_missing: { zh: '表头缺少此列（名称、代码、上级代码、类型）', en: 'This column is missing from the header row (name, code, parent code, kind)' },
  import_empty: { zh: '表中没有数据行', en: 'The sheet has no data rows' },
  import_too_many_rows: { zh: '一次最多导入2000行，请分批导入', en: 'At most 2,000 rows per import; split the sheet' },
  username_invalid: { zh: '用户名为3至32位小写字母、数字、点、下划线或短横线，以字母或数字开头', en: 'Username: 3–32 lower-case letters, digits, . _ or -, starting with a letter or digit' },
  self_grant: { zh: '不能给自己授予或撤销角色', en: 'You cannot grant or revoke your own roles' },
  text_too_long: { zh: '内容过长', en: 'Too long' },
  text_invalid_char: { zh: '不能包含空字符（\\0）或无效的 Unicode 字符', en: 'Must not contain a NUL character (\\0) or invalid Unicode' },
  self_account: { zh: '不能对自己的账号进行此操作', en: 'You cannot do this to your own account' },
  // mediation disputes (人民调解)
  uscc_invalid: { zh: '统一社会信用代码格式或校验位不正确', en: 'Invalid unified social credit code (format or check character)' },
  amount_invalid: { zh: '金额最多保留两位小数', en: 'At most two decimals' },
  lead_count: { zh: '须指定且只能指定一名主调人民调解员', en: 'Exactly one lead mediator is required' },
  mediator_not_in_committee: { zh: '调解员须为本调委会（或上级乡镇调委会）在任成员', en: 'The mediator must be an active member of this committee (or of the township committee above it)' },
  village_not_under: { zh: '所选村不属于该调委会所在乡镇', en: 'The village is not in the committee’s township' },
  date_future: { zh: '日期不能晚于今天', en: 'The date cannot be in the future' },
  date_before_received: { zh: '日期不能早于受理日期', en: 'The date cannot be before the day the dispute was received' },
  case_year_fixed: { zh: '案号年度已确定，受理日期只能在同一年内修改', en: 'The case number’s year is fixed; the received date may change only within that year' },
  case_closed: { zh: '案件已结案，不能再进行此操作', en: 'The case is closed' },
  party_kind_fixed: { zh: '当事人类型（自然人或单位）不能更改，请新增当事人', en: 'A party cannot change between person and organisation; add a new party' },
  parties_max: { zh: '一个案件最多50名当事人', en: 'A case has at most 50 parties' },
  agreement_required: { zh: '调解成功结案须先记录调解协议（书面或口头）', en: 'Record the agreement (written or oral) before closing as settled' },
  agreement_recorded: { zh: '已记录调解协议，应以调解成功结案；协议未生效的，请先撤销协议记录', en: 'An agreement is recorded: close as settled, or withdraw the record first if it never took effect' },
  agreement_written_only: { zh: '只有书面调解协议可以生成调解协议书', en: 'Only a written agreement can be produced as a document' },
  follow_up_done: { zh: '该回访已记录', en: 'This follow-up is already recorded' },
  confirmation_recorded: { zh: '已申请司法确认，调解协议不能再修改或撤销', en: 'Judicial confirmation was applied for; the agreement can no longer change' },
  invalid_state: { zh: '当前状态下不能进行此操作', en: 'Not allowed in the current state' },
  committee_inactive: { zh: '该调委会已撤销，不能受理新纠纷', en: 'This committee is dissolved and cannot take new disputes' },
  // platform: reminders (notify) and the staff roster (工作人员名册)
  webhook_url_invalid: { zh: '机器人地址须为 https:// 开头的完整网址，且不含用户名和密码', en: 'The robot URL must be a full https:// address without a user name or password' },
  staff_org_kind: { zh: '工作人员应登记在乡镇、县或其部门（站办所），不登记在村', en: 'Staff belong to a township, the county or one of their departments, not a village' },
  staff_user_linked: { zh: '该账号已关联名册中的另一名在岗人员', en: 'This login is already linked to another active roster entry' },
  // study (学法培训)
  score_precision: { zh: '分数最多保留一位小数', en: 'Scores take at most one decimal place' },
  pass_mark_exceeds_total: { zh: '及格分不能高于总分', en: 'The pass mark cannot exceed the total' },
  score_exceeds_total: { zh: '分数不能高于试卷总分', en: 'The score cannot exceed the paper’s total' },
  study_org_kind: { zh: '学习记录按乡镇（或县）登记', en: 'Study records belong to a township (or the county)' },
  host_not_leader: { zh: '主持人须为本乡镇在任领导班子成员', en: 'The host must be a serving leadership member of this township' },
  session_not_held: { zh: '学习尚未举行，举行当天或之后才能登记出勤和成绩', en: 'The session has not taken place yet; record attendance and scores on or after its date' },
  not_present: { zh: '只能为出席的人员登记成绩', en: 'Scores can only be recorded for people who attended' },
  test_required: { zh: '请先登记试卷（名称、及格分、总分）', en: 'Record the test paper (title, pass mark, total) first' },
  plan_item_in_use: { zh: '已有学习记录对应该计划条目，不能删除', en: 'A session refers to this plan item; it cannot be removed' },
  plan_item_invalid: { zh: '计划条目不属于本乡镇的学习计划', en: 'The plan item is not in this township’s study plans' },
  understander_training_only: { zh: '只有法律明白人培训可以计入法律明白人培训学时', en: 'Only a legal understander training credits understanders’ hours' },
  duplicate_person: { zh: '同一人员不能重复出现', en: 'The same person appears twice' },
  understander_not_in_org: { zh: '法律明白人须属于本乡镇所辖村（社区）', en: 'The legal understander must belong to a village of this township' },
  session_has_attendance: { zh: '已登记出勤，不能改到今天之后的日期', en: 'Attendance is recorded; the date cannot move past today' },
  // planning (组织领导: leading groups, work plan, tasks, meetings, duties)
  period_invalid: { zh: '期间格式应为 YYYY-MM（按月）或 YYYY-Qn（按季度）', en: 'Period must be YYYY-MM (monthly) or YYYY-Qn (quarterly)' },
  period_required: { zh: '按月或按季度的任务须选择报送的月份或季度', en: 'Choose the month or quarter this update is for' },
  period_not_of_task: { zh: '所选期间不属于该任务的年度或起始日期之后的期间', en: 'The period is not one of this task’s periods' },
  period_not_begun: { zh: '该月份或季度尚未开始', en: 'That month or quarter has not begun yet' },
  due_date_required: { zh: '按日期完成的任务须填写完成时限', en: 'A deadline date is required' },
  staff_not_in_org: { zh: '所选人员不在本乡镇（县）工作人员名册中', en: 'The person is not on this organisation’s staff roster' },
  dept_not_under: { zh: '责任单位、配合单位须为本乡镇（县）的站办所', en: 'Departments must be departments of this township (or county)' },
  plan_org_kind: { zh: '年度工作要点按乡镇或县制定', en: 'A work plan belongs to a township or the county' },
  plan_not_published: { zh: '工作要点印发后才能下发', en: 'Publish the plan before handing it down' },
  hand_down_target: { zh: '只能下发给本级下属的乡镇', en: 'Only townships below this organisation can receive the plan' },
  not_same_plan: { zh: '所选章节不属于该工作要点', en: 'The section belongs to another plan' },
  not_same_org: { zh: '所选记录不属于同一乡镇（县）', en: 'The selected record belongs to another organisation' },
  task_cancelled: { zh: '任务已取消', en: 'The task is cancelled' },
  section_not_empty: { zh: '章节下还有任务，不能删除', en: 'The section still has tasks' },
  group_parent_invalid: { zh: '工作专班只能隶属于同一组织的领导小组', en: 'A work team can only sit under a leading group of the same organisation' },
  import_task_header_missing: { zh: '表头缺少此列（工作任务为必需列）', en: 'This column is missing from the header row (工作任务 is required)' },
  import_staff_unknown: { zh: '名册中没有此分管领导（请填写姓名）', en: 'No such lead leader on the staff roster (use the name)' },
  import_dept_unknown: { zh: '没有此站办所（请填写本乡镇站办所名称）', en: 'No such department in this township' },
  import_due_invalid: { zh: '无法识别完成时限（如 2023-06-30、2023年6月底、每月、每季度、长期坚持）', en: 'Unreadable deadline (e.g. 2023-06-30, 每月, 每季度)' },
  // publicity (普法宣传) — shared
  theme_unknown: { zh: '没有此宣传主题（或已停用）', en: 'Unknown or disabled publicity theme' },
  // publicity: events and campaigns
  channels_required: { zh: '请至少选择一种宣传形式', en: 'Choose at least one channel' },
  event_done_future: { zh: '活动日期还没到，不能登记为已开展（可先登记为计划）', en: 'The day is still to come: record it as planned' },
  event_village_not_own: { zh: '村（社区）的活动只能登记在本村', en: 'A village’s own event takes place in that village' },
  event_village_not_in_township: { zh: '所选村（社区）不属于本乡镇', en: 'The village is not in this township' },
  event_organiser_not_department: { zh: '组织部门须为本乡镇的站办所（部门的活动即由该部门组织）', en: 'The organiser must be a department of this township (a department’s event is its own)' },
  event_campaign_not_here: { zh: '只能关联本乡镇或上级县的专项活动', en: 'Link a campaign of this township or the county above' },
  event_outside_campaign: { zh: '活动日期不在该专项活动的起止日期内', en: 'The date is outside the campaign’s dates' },
  event_key_date_unknown: { zh: '没有此普法时间节点', en: 'No such key date' },
  event_content_not_here: { zh: '只能关联本乡镇（或上级县）的普法内容', en: 'Link content of this township (or the county above)' },
  campaign_org_kind: { zh: '专项活动由乡镇或县组织', en: 'A campaign belongs to a township or the county' },
  campaign_events_outside: { zh: '已有关联的活动不在新的起止日期内，请先调整这些活动', en: 'Linked events fall outside the new dates; move them first' },
  // publicity: key dates, themes, 谁执法谁普法
  key_date_unknown: { zh: '没有此普法节点（或为本单位自设节点，请直接修改）', en: 'No such key date (an own date is edited directly)' },
  key_date_not_dated: { zh: '只有每年日期不固定的节点（如宪法宣传周）需要设置当年日期', en: 'Only a moving key date (e.g. Constitution Week) takes dates for a year' },
  key_date_span: { zh: '起止日期须在同一年内，且不超过31天', en: 'The dates must lie in one year and span at most 31 days' },
  key_date_year_change: { zh: '不能改到另一年（请为那一年另行设置日期）', en: 'Cannot move to another year (set that year’s dates separately)' },
  key_date_in_use: { zh: '已有活动关联此节点，不能删除（可停用）', en: 'Events are linked to this key date: switch it off instead of deleting it' },
  theme_name_taken: { zh: '已有同名宣传主题', en: 'A theme with this name exists already' },
  theme_not_renamable: { zh: '只能修改本单位自定义主题的名称（内置或上级的主题只能停用/启用）', en: 'Only an own custom theme can be renamed (built-in or inherited ones can only be switched off or on)' },
  theme_no_change: { zh: '请填写要修改的内容（名称或启用状态）', en: 'Nothing to change (name or on/off)' },
  resp_org_kind: { zh: '“谁执法谁普法”责任清单属于乡镇（或县）', en: 'A responsibility list belongs to a township (or the county)' },
  resp_dept_not_under: { zh: '责任单位须是本乡镇的站办所（系统外单位请直接填写名称）', en: 'The department must be one of this township’s (type the name of a unit outside the system)' },
  resp_duplicate: { zh: '该单位的这部法律已在清单中', en: 'This department already has this law on the list' },
  resp_year_not_empty: { zh: '该年度已有责任清单，不能复制', en: 'The year already has a list; nothing copied' },
  resp_nothing_to_copy: { zh: '上一年度没有责任清单可复制', en: 'Last year has no list to copy' },
  // publicity: content library and publication
  content_org_kind: { zh: '普法内容须属于县、乡镇或其站办所（部门）', en: 'Content belongs to the county, a township or one of its departments' },
  content_not_draft: { zh: '只有草稿可以修改（已发布的内容须先撤回、重新编辑后再提交审核）', en: 'Only a draft can be edited (withdraw a published item, edit it and submit it again)' },
  content_submit_state: { zh: '只有草稿可以提交审核', en: 'Only a draft can be submitted for review' },
  content_changed: { zh: '内容刚被他人修改，请刷新后重新操作', en: 'Someone changed this item meanwhile; reload and try again' },
  content_review_state: { zh: '只有待审核的内容可以发布或退回', en: 'Only an item in review can be published or sent back' },
  content_withdraw_state: { zh: '只有已发布的内容可以撤回', en: 'Only a published item can be withdrawn' },
  content_reopen_state: { zh: '只有已撤回的内容可以重新编辑', en: 'Only a withdrawn item can be reopened for editing' },
  content_not_published: { zh: '内容未发布（或已撤回），没有可分享的链接', en: 'The item is not published (or was withdrawn): there is nothing to share' },
  content_four_eyes: { zh: '作者、提交人和最后修改人不能审核自己的内容（四眼原则），请由另一位审核人审核', en: 'The author, submitter or last editor cannot review it (four-eyes rule); another reviewer must' },
  content_body_required: { zh: '文章正文不能为空', en: 'The article has no text' },
  content_body_not_article: { zh: '只有文章有正文，海报和视频请上传文件', en: 'Only an article has a text; upload the file of a poster or video' },
  content_file_required: { zh: '请先上传海报或视频文件', en: 'Upload the poster or video file first' },
  content_file_type: { zh: '文章插图和海报须为 PNG 或 JPG 图片，视频须为 MP4', en: 'Article images and posters must be PNG or JPG; videos MP4' },
  content_pia_required: { zh: '以案释法内容须登记个人信息保护影响评估（PIA）编号后才能发布', en: 'A case explanation needs a recorded personal-information impact assessment (PIA) reference to be published' },
  content_declaration_required: { zh: '须确认内容不含未成年人个人信息、不含调解协议内容', en: 'Confirm the item contains no data about minors and no mediation agreement text' },
  content_has_id_card: { zh: '含有身份证号码，请删除后再提交', en: 'Contains an ID-card number; remove it first' },
  content_has_phone: { zh: '含有手机号码，请删除后再提交', en: 'Contains a mobile number; remove it first' },
  content_has_bank_card: { zh: '含有银行卡号，请删除后再提交', en: 'Contains a bank-card number; remove it first' },
  content_was_published: { zh: '发布过的内容不能删除（门户上的链接须继续显示“已撤回”）', en: 'An item that was once published cannot be deleted (its portal link must keep saying it was withdrawn)' },
  content_in_use: { zh: '已有普法活动引用此内容，不能删除', en: 'A publicity event refers to this item; it cannot be deleted' },
  content_village_invalid: { zh: '所选村（社区）不属于本乡镇', en: 'The village is not in this township' },
  // publicity: portal and reach
  reach_range_too_long: { zh: '按日统计的时间段不能超过一年（请改为按月）', en: 'A daily series covers at most one year (use monthly)' },
  reach_period_mixed: { zh: '年度与起止日期不能同时指定', en: 'Give either a year or from/to dates, not both' },
  // publicity: overview and report
  publicity_period_range: { zh: '日期须在2000年至2100年之间', en: 'The date must lie between 2000 and 2100' },
  publicity_settings_org_kind: { zh: '新媒体普法占比目标按乡镇（或县）设置，村（社区）和站办所沿用所属乡镇的目标', en: 'The new-media target is set for a township (or the county); villages and departments use their township’s' },
} as const;
export type FieldMessageKey = keyof typeof FIELD_MESSAGES;

export type Lang = 'zh' | 'en';

export interface FieldError {
  field: string;
  message: string;
}

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  fields: FieldError[];
}

export function pickLang(acceptLanguage: string | undefined | null): Lang {
  if (!acceptLanguage) return 'zh';
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh';
}
