<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
    <context>
        <name>AccessListsPanel</name>
        <message>
            <source>&amp;Revoke authorisation</source>
            <translation>取消授权(&amp;R)</translation>
        </message>
        <message>
            <source>&amp;Enable again</source>
            <translation>取消禁用(&amp;E)</translation>
        </message>
        <message>
            <source>Res&amp;tore</source>
            <translation>恢复(&amp;T)</translation>
        </message>
        <message>
            <source>&amp;Delete</source>
            <translation>删除(&amp;D)</translation>
        </message>
        <message>
            <source>%1(%2 of %3)</source>
            <translation>%1(%2/%3)</translation>
        </message>
        <message>
            <source>Account / name / pinyin / mobile / e-mail</source>
            <translation>帐号/用户名/拼音/手机/邮箱</translation>
        </message>
        <message>
            <source>Filter the list</source>
            <translation>筛选名单</translation>
        </message>
        <message>
            <source>Lists</source>
            <translation>名单</translation>
        </message>
        <message>
            <source>Members on the list</source>
            <translation>名单中的成员</translation>
        </message>
        <message>
            <source>Authorised list</source>
            <translation>授权名单</translation>
        </message>
        <message>
            <source>Disabled list</source>
            <translation>禁用名单</translation>
        </message>
        <message>
            <source>Resigned list</source>
            <translation>离职名单</translation>
        </message>
        <message>
            <source>Loading the list</source>
            <translation>正在加载名单</translation>
        </message>
    </context>
    <context>
        <name>AdminDialog</name>
        <message>
            <source>Add administrator</source>
            <translation>添加管理员</translation>
        </message>
        <message>
            <source>Change administrator %1</source>
            <translation>修改管理员 %1</translation>
        </message>
        <message>
            <source>A scoped administrator manages only its departments, with the permissions ticked here; the other roles have neither.</source>
            <translation>分级管理员只管理其管辖部门，且只有此处勾选的权限；其他角色没有管辖部门和单独权限。</translation>
        </message>
        <message>
            <source>&amp;Name:</source>
            <translation>管理员名(&amp;N)：</translation>
        </message>
        <message>
            <source>R&amp;ole:</source>
            <translation>角色(&amp;O)：</translation>
        </message>
        <message>
            <source>&amp;Password:</source>
            <translation>密码(&amp;P)：</translation>
        </message>
        <message>
            <source>&amp;Departments:</source>
            <translation>管辖部门(&amp;D)：</translation>
        </message>
        <message>
            <source>Per&amp;missions:</source>
            <translation>权限(&amp;M)：</translation>
        </message>
        <message>
            <source>&amp;Add…</source>
            <translation>添加(&amp;A)…</translation>
        </message>
        <message>
            <source>Rep&amp;eat:</source>
            <translation>确认密码(&amp;E)：</translation>
        </message>
        <message>
            <source>Remo&amp;ve</source>
            <translation>移除(&amp;V)</translation>
        </message>
        <message>
            <source>Administrator name</source>
            <translation>管理员名</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>密码</translation>
        </message>
        <message>
            <source>Repeat the password</source>
            <translation>再次输入密码</translation>
        </message>
        <message>
            <source>Departments managed</source>
            <translation>管辖部门</translation>
        </message>
        <message>
            <source>At least 8 characters</source>
            <translation>至少 8 位</translation>
        </message>
        <message>
            <source>The two passwords differ.</source>
            <translation>两次输入的密码不一致。</translation>
        </message>
        <message>
            <source>Reset the password of administrator %1</source>
            <translation>重置管理员 %1 的密码</translation>
        </message>
    </context>
    <context>
        <name>AdminsPanel</name>
        <message>
            <source>Address book</source>
            <translation>通讯录</translation>
        </message>
        <message>
            <source>Enterprise apps</source>
            <translation>企业应用</translation>
        </message>
        <message>
            <source>All</source>
            <translation>全部</translation>
        </message>
        <message>
            <source>None (read only)</source>
            <translation>无（只读）</translation>
        </message>
        <message>
            <source>Administrators (%1)</source>
            <translation>管理员（%1）</translation>
        </message>
        <message>
            <source>A scoped administrator manages only its departments, and only with the permissions given to it here: the address book, enterprise apps (its own apps only; system apps stay with super administrators), or neither (read only).</source>
            <translation>分级管理员只能管理其管辖部门，且只有在此单独分配的权限：通讯录、企业应用（仅自建应用；系统应用只能由超级管理员管控），或都没有（只读）。</translation>
        </message>
        <message>
            <source>Permissions of the selected scoped administrator:</source>
            <translation>所选分级管理员的权限：</translation>
        </message>
        <message>
            <source>&amp;Save permissions</source>
            <translation>保存权限(&amp;S)</translation>
        </message>
        <message>
            <source>&amp;Add administrator…</source>
            <translation>添加管理员(&amp;A)…</translation>
        </message>
        <message>
            <source>&amp;Change…</source>
            <translation>修改(&amp;C)…</translation>
        </message>
        <message>
            <source>Reset pass&amp;word…</source>
            <translation>重置密码(&amp;W)…</translation>
        </message>
        <message>
            <source>&amp;Delete</source>
            <translation>删除(&amp;D)</translation>
        </message>
        <message>
            <source>&amp;Refresh</source>
            <translation>刷新(&amp;R)</translation>
        </message>
        <message>
            <source>Administrators</source>
            <translation>管理员</translation>
        </message>
        <message>
            <source>Add administrator</source>
            <translation>添加管理员</translation>
        </message>
        <message>
            <source>Change administrator</source>
            <translation>修改管理员</translation>
        </message>
        <message>
            <source>Reset administrator password</source>
            <translation>重置管理员密码</translation>
        </message>
        <message>
            <source>Delete administrator</source>
            <translation>删除管理员</translation>
        </message>
        <message>
            <source>Administrator permissions</source>
            <translation>管理员权限</translation>
        </message>
    </context>
    <context>
        <name>AnnouncementDialog</name>
        <message>
            <source>Send an announcement</source>
            <translation>发送公告</translation>
        </message>
        <message>
            <source>&amp;Title:</source>
            <translation>公告标题(&amp;T)：</translation>
        </message>
        <message>
            <source>&amp;Category:</source>
            <translation>公告分类(&amp;C)：</translation>
        </message>
        <message>
            <source>(none)</source>
            <translation>（无分类）</translation>
        </message>
        <message>
            <source>&amp;Body:</source>
            <translation>公告内容(&amp;B)：</translation>
        </message>
        <message>
            <source>Recipients</source>
            <translation>发送范围</translation>
        </message>
        <message>
            <source>&amp;Everyone</source>
            <translation>全体成员(&amp;E)</translation>
        </message>
        <message>
            <source>&amp;Members:</source>
            <translation>成员(&amp;M)：</translation>
        </message>
        <message>
            <source>accounts, separated by commas</source>
            <translation>帐号，以逗号分隔</translation>
        </message>
        <message>
            <source>&amp;Departments:</source>
            <translation>部门(&amp;D)：</translation>
        </message>
        <message>
            <source>Each department with its sub-departments</source>
            <translation>每个部门含其子部门</translation>
        </message>
        <message>
            <source>&amp;Add…</source>
            <translation>添加(&amp;A)…</translation>
        </message>
        <message>
            <source>Re&amp;move</source>
            <translation>移除(&amp;M)</translation>
        </message>
    </context>
    <context>
        <name>AnnouncementsPanel</name>
        <message>
            <source>Recalled</source>
            <translation>已撤回</translation>
        </message>
        <message>
            <source>All read</source>
            <translation>全部已读</translation>
        </message>
        <message>
            <source>%1 people, none read</source>
            <translation>共%1人 全部未读</translation>
        </message>
        <message>
            <source>%1 people, %2 unread</source>
            <translation>共%1人 未读%2人</translation>
        </message>
        <message>
            <source>[Pinned] %1</source>
            <translation>【置顶】%1</translation>
        </message>
        <message>
            <source>Read status: %1</source>
            <translation>阅读情况：%1</translation>
        </message>
        <message>
            <source>Only members who have &amp;not read it</source>
            <translation>只看未读成员(&amp;N)</translation>
        </message>
        <message>
            <source>Unread</source>
            <translation>未读</translation>
        </message>
        <message>
            <source>Search by account or name</source>
            <translation>按帐号或姓名搜索</translation>
        </message>
        <message>
            <source>Recipients</source>
            <translation>接收人</translation>
        </message>
        <message>
            <source>Loading the recipients…</source>
            <translation>正在读取接收人…</translation>
        </message>
        <message>
            <source>Loading the recipients</source>
            <translation>读取接收人</translation>
        </message>
        <message>
            <source>Categories</source>
            <translation>公告分类</translation>
        </message>
        <message>
            <source>&amp;New</source>
            <translation>新建(&amp;N)</translation>
        </message>
        <message>
            <source>Re&amp;name</source>
            <translation>重命名(&amp;N)</translation>
        </message>
        <message>
            <source>De&amp;lete</source>
            <translation>删除(&amp;L)</translation>
        </message>
        <message>
            <source>&amp;Send an announcement…</source>
            <translation>发送公告(&amp;S)…</translation>
        </message>
        <message>
            <source>&amp;Recall</source>
            <translation>撤回(&amp;R)</translation>
        </message>
        <message>
            <source>Read &amp;status…</source>
            <translation>阅读情况(&amp;S)…</translation>
        </message>
        <message>
            <source>Announcements</source>
            <translation>公告记录</translation>
        </message>
        <message>
            <source>All announcements</source>
            <translation>所有公告</translation>
        </message>
        <message>
            <source>Announcements (%1)</source>
            <translation>公告记录（%1）</translation>
        </message>
        <message>
            <source>Un&amp;pin</source>
            <translation>取消置顶(&amp;P)</translation>
        </message>
        <message>
            <source>&amp;Pin to top</source>
            <translation>设为置顶(&amp;P)</translation>
        </message>
        <message>
            <source>Send an announcement</source>
            <translation>发送公告</translation>
        </message>
        <message>
            <source>Unpin</source>
            <translation>取消置顶</translation>
        </message>
        <message>
            <source>Pin to top</source>
            <translation>设为置顶</translation>
        </message>
        <message>
            <source>Recall an announcement</source>
            <translation>撤回公告</translation>
        </message>
        <message>
            <source>New category</source>
            <translation>新建公告分类</translation>
        </message>
        <message>
            <source>Rename category</source>
            <translation>公告分类重命名</translation>
        </message>
        <message>
            <source>Delete category</source>
            <translation>删除公告分类</translation>
        </message>
        <message>
            <source>Category &amp;name:</source>
            <translation>分类名称(&amp;N)：</translation>
        </message>
    </context>
    <context>
        <name>Appearance</name>
        <message>
            <source>&amp;Appearance</source>
            <translation>外观(&amp;A)</translation>
        </message>
        <message>
            <source>Follow the &amp;system</source>
            <translation>跟随系统(&amp;S)</translation>
        </message>
        <message>
            <source>&amp;Light</source>
            <translation>浅色(&amp;L)</translation>
        </message>
        <message>
            <source>&amp;Dark</source>
            <translation>深色(&amp;D)</translation>
        </message>
    </context>
    <context>
        <name>Approvals</name>
        <message>
            <source>Awaiting approval</source>
            <translation>待审批</translation>
        </message>
        <message>
            <source>Being applied</source>
            <translation>正在应用</translation>
        </message>
        <message>
            <source>Approved and applied</source>
            <translation>已批准并应用</translation>
        </message>
        <message>
            <source>Rejected</source>
            <translation>已拒绝</translation>
        </message>
        <message>
            <source>Failed</source>
            <translation>失败</translation>
        </message>
        <message>
            <source>%1 added, %2 updated, %3 moved, %4 resigned</source>
            <translation>新增 %1，修改 %2，迁移 %3，离职 %4</translation>
        </message>
        <message>
            <source>Whole-organisation replaces (org/replaceall) awaiting approval</source>
            <translation>等待审批的全量同步组织架构请求（org/replaceall）</translation>
        </message>
        <message>
            <source>&amp;Preview and approve…</source>
            <translation>预览并批准(&amp;P)…</translation>
        </message>
        <message>
            <source>&amp;Reject</source>
            <translation>拒绝(&amp;R)</translation>
        </message>
        <message>
            <source>Requests awaiting approval</source>
            <translation>待审批请求</translation>
        </message>
        <message>
            <source>Approve the whole-organisation replace</source>
            <translation>批准全量同步组织架构</translation>
        </message>
        <message>
            <source>Reject</source>
            <translation>拒绝</translation>
        </message>
        <message>
            <source>Reject request %1? Nothing of it is applied.</source>
            <translation>拒绝请求 %1？其中的变更都不会应用。</translation>
        </message>
    </context>
    <context>
        <name>AppsPanel</name>
        <message>
            <source>Exact</source>
            <translation>完全匹配</translation>
        </message>
        <message>
            <source>Contains</source>
            <translation>包含</translation>
        </message>
        <message>
            <source>Regular expression</source>
            <translation>正则表达式</translation>
        </message>
        <message>
            <source>App</source>
            <translation>应用</translation>
        </message>
        <message>
            <source>File</source>
            <translation>文件</translation>
        </message>
        <message>
            <source>Mail</source>
            <translation>邮件</translation>
        </message>
        <message>
            <source>Organisation</source>
            <translation>组织架构</translation>
        </message>
        <message>
            <source>Report</source>
            <translation>汇报</translation>
        </message>
        <message>
            <source>Disk</source>
            <translation>网盘</translation>
        </message>
        <message>
            <source>Clock</source>
            <translation>打卡</translation>
        </message>
        <message>
            <source>Notice</source>
            <translation>公告</translation>
        </message>
        <message>
            <source>Form</source>
            <translation>表单</translation>
        </message>
        <message>
            <source>Remote</source>
            <translation>远程</translation>
        </message>
        <message>
            <source>Message</source>
            <translation>消息</translation>
        </message>
        <message>
            <source>SMS</source>
            <translation>短信</translation>
        </message>
        <message>
            <source>Web</source>
            <translation>网页</translation>
        </message>
        <message>
            <source>Chart</source>
            <translation>图表</translation>
        </message>
        <message>
            <source>Calendar</source>
            <translation>日程</translation>
        </message>
        <message>
            <source>Task</source>
            <translation>待办</translation>
        </message>
        <message>
            <source>System app</source>
            <translation>系统应用</translation>
        </message>
        <message>
            <source>Self-built app</source>
            <translation>自建应用</translation>
        </message>
        <message>
            <source> (disabled)</source>
            <translation>（已停用）</translation>
        </message>
        <message>
            <source>Apps (%1)</source>
            <translation>企业应用（%1）</translation>
        </message>
        <message>
            <source>System apps</source>
            <translation>系统应用</translation>
        </message>
        <message>
            <source>Self-built apps</source>
            <translation>自建应用</translation>
        </message>
        <message>
            <source>&amp;Add app…</source>
            <translation>添加应用(&amp;A)…</translation>
        </message>
        <message>
            <source>De&amp;lete app</source>
            <translation>删除应用(&amp;L)</translation>
        </message>
        <message>
            <source>Basic information</source>
            <translation>基本信息</translation>
        </message>
        <message>
            <source>Service account</source>
            <translation>服务号模式</translation>
        </message>
        <message>
            <source>App name:</source>
            <translation>应用名称：</translation>
        </message>
        <message>
            <source>App logo:</source>
            <translation>应用 Logo：</translation>
        </message>
        <message>
            <source>Introduction:</source>
            <translation>应用介绍：</translation>
        </message>
        <message>
            <source>Terminals:</source>
            <translation>显示终端：</translation>
        </message>
        <message>
            <source>Homepage:</source>
            <translation>应用主页：</translation>
        </message>
        <message>
            <source>Status:</source>
            <translation>状态：</translation>
        </message>
        <message>
            <source>App ID:</source>
            <translation>应用 App ID：</translation>
        </message>
        <message>
            <source>EncodingAESKey:</source>
            <translation>EncodingAESKey：</translation>
        </message>
        <message>
            <source>4 characters suit the portal best; at most 6 advised</source>
            <translation>建议 4 个字为宜，最长不要超过 6 个字</translation>
        </message>
        <message>
            <source>4 to 120 characters</source>
            <translation>最少 4 个字，最长不超过 120 字</translation>
        </message>
        <message>
            <source>Desktop</source>
            <translation>桌面端</translation>
        </message>
        <message>
            <source>Mobile</source>
            <translation>移动端</translation>
        </message>
        <message>
            <source>%1 in the address is replaced by the member's Youdu identity token (single sign-on).</source>
            <translation>地址中的 %1 会自动传入成员的有度身份认证 token，用于单点登录。</translation>
        </message>
        <message>
            <source>Enabled</source>
            <translation>启用</translation>
        </message>
        <message>
            <source>&amp;Upload logo…</source>
            <translation>上传 Logo(&amp;U)…</translation>
        </message>
        <message>
            <source>PNG, JPEG, GIF, BMP or WebP; scaled to 128 px</source>
            <translation>PNG、JPEG、GIF、BMP 或 WebP，自动缩放到 128 像素</translation>
        </message>
        <message>
            <source>&amp;Show</source>
            <translation>显示(&amp;S)</translation>
        </message>
        <message>
            <source>Shows the key; every reveal is recorded in the audit log</source>
            <translation>显示密钥；每次查看都会记入审计日志</translation>
        </message>
        <message>
            <source>&amp;Copy</source>
            <translation>点击复制(&amp;C)</translation>
        </message>
        <message>
            <source>&amp;Regenerate</source>
            <translation>随机生成(&amp;R)</translation>
        </message>
        <message>
            <source>A new key; the old one stops working</source>
            <translation>生成新密钥，原密钥随即失效</translation>
        </message>
        <message>
            <source>&amp;Save</source>
            <translation>保存(&amp;S)</translation>
        </message>
        <message>
            <source>Service account mode</source>
            <translation>以服务公众号模式使用</translation>
        </message>
        <message>
            <source>Callback URL:</source>
            <translation>回调 URL：</translation>
        </message>
        <message>
            <source>Token:</source>
            <translation>Token：</translation>
        </message>
        <message>
            <source>Check:</source>
            <translation>校验：</translation>
        </message>
        <message>
            <source>&amp;Generate</source>
            <translation>随机生成(&amp;G)</translation>
        </message>
        <message>
            <source>&amp;Verify callback</source>
            <translation>校验回调(&amp;V)</translation>
        </message>
        <message>
            <source>Auto-replies</source>
            <translation>自动回复</translation>
        </message>
        <message>
            <source>Keyword</source>
            <translation>关键词</translation>
        </message>
        <message>
            <source>Match</source>
            <translation>匹配方式</translation>
        </message>
        <message>
            <source>Reply</source>
            <translation>回复内容</translation>
        </message>
        <message>
            <source>Add &amp;reply</source>
            <translation>添加回复(&amp;R)</translation>
        </message>
        <message>
            <source>Remove reply</source>
            <translation>删除回复</translation>
        </message>
        <message>
            <source>Test: type a member's message</source>
            <translation>测试：输入成员发来的消息</translation>
        </message>
        <message>
            <source>Save service settings</source>
            <translation>保存服务号设置</translation>
        </message>
        <message>
            <source>Custom menus (at most 3 × 5)</source>
            <translation>自定义菜单（最多 3 个一级菜单，每个最多 5 个子菜单）</translation>
        </message>
        <message>
            <source>Menu name</source>
            <translation>菜单名称</translation>
        </message>
        <message>
            <source>Type (click/view)</source>
            <translation>类型（click/view）</translation>
        </message>
        <message>
            <source>Key or URL</source>
            <translation>键值或 URL</translation>
        </message>
        <message>
            <source>Add &amp;menu</source>
            <translation>添加菜单(&amp;M)</translation>
        </message>
        <message>
            <source>Add &amp;item</source>
            <translation>添加子菜单(&amp;I)</translation>
        </message>
        <message>
            <source>Remove menu</source>
            <translation>删除菜单</translation>
        </message>
        <message>
            <source>New app</source>
            <translation>新建应用</translation>
        </message>
        <message>
            <source>No app selected</source>
            <translation>未选择应用</translation>
        </message>
        <message>
            <source>System apps cannot be deleted</source>
            <translation>系统应用不能删除</translation>
        </message>
        <message>
            <source>Names longer than 6 characters are cut off in the portal</source>
            <translation>名称超过 6 个字，在工作门户中会显示不完整</translation>
        </message>
        <message>
            <source>Add app</source>
            <translation>添加应用</translation>
        </message>
        <message>
            <source>Change app</source>
            <translation>修改应用</translation>
        </message>
        <message>
            <source>Delete app</source>
            <translation>删除应用</translation>
        </message>
        <message>
            <source>Choose a logo</source>
            <translation>选择 Logo</translation>
        </message>
        <message>
            <source>Images (*.png *.jpg *.jpeg *.gif *.bmp *.webp)</source>
            <translation>图片 (*.png *.jpg *.jpeg *.gif *.bmp *.webp)</translation>
        </message>
        <message>
            <source>EncodingAESKey copied</source>
            <translation>已复制 EncodingAESKey</translation>
        </message>
        <message>
            <source>Regenerate EncodingAESKey</source>
            <translation>重新生成 EncodingAESKey</translation>
        </message>
        <message>
            <source>Replies: %1</source>
            <translation>自动回复：%1</translation>
        </message>
        <message>
            <source>No auto-reply matches</source>
            <translation>没有匹配的自动回复</translation>
        </message>
        <message>
            <source>Menu</source>
            <translation>菜单</translation>
        </message>
        <message>
            <source>Item</source>
            <translation>子菜单</translation>
        </message>
        <message>
            <source>Token</source>
            <translation>Token</translation>
        </message>
        <message>
            <source>Verifying…</source>
            <translation>正在校验…</translation>
        </message>
        <message>
            <source>Verify callback</source>
            <translation>校验回调</translation>
        </message>
    </context>
    <context>
        <name>BackupPanel</name>
        <message>
            <source>Backup and restore</source>
            <translation>备份和恢复</translation>
        </message>
        <message>
            <source>&lt; &amp;Back to the address book</source>
            <translation>&lt; 返回通讯录(&amp;B)</translation>
        </message>
        <message>
            <source>Choose what to back up or restore:</source>
            <translation>请选择数据备份/恢复的类型：</translation>
        </message>
        <message>
            <source>Address book</source>
            <translation>通讯录</translation>
        </message>
        <message>
            <source>Import the address book</source>
            <translation>导入通讯录</translation>
        </message>
        <message>
            <source>Export the address book</source>
            <translation>导出通讯录</translation>
        </message>
        <message>
            <source>Import a .&amp;dat backup…</source>
            <translation>导入 dat 格式的通讯录(&amp;D)…</translation>
        </message>
        <message>
            <source>Restores a backup made here: exact into an empty address book (global ids kept), otherwise merged by global id; nothing is removed.</source>
            <translation>恢复本控制台导出的备份：导入空通讯录时完全还原（保留 GID），否则按 GID 合并；不会删除任何内容。</translation>
        </message>
        <message>
            <source>Import the &amp;RTX organisation…</source>
            <translation>导入 RTX 的通讯录(&amp;R)…</translation>
        </message>
        <message>
            <source>The .xml (or .xms) export of RTX 2005 or later: its departments are created and its users added or updated.</source>
            <translation>支持 RTX2005 以上版本导出的 xml（或 xms）格式：创建其中的部门，新增或更新其中的用户。</translation>
        </message>
        <message>
            <source>Import &amp;Excel (.xls, .xlsx)…</source>
            <translation>导入 xls、xlsx 格式的通讯录（Excel 文件）(&amp;E)…</translation>
        </message>
        <message>
            <source>Fill in the template (帐号 and 姓名 required). Rows without a 部门 go to the department chosen above.</source>
            <translation>按模板填写（帐号、姓名必填）。未填“部门”的行导入到上面选择的部门。</translation>
        </message>
        <message>
            <source>Download the &amp;template…</source>
            <translation>下载导入模板(&amp;T)…</translation>
        </message>
        <message>
            <source>Export a .d&amp;at backup…</source>
            <translation>导出 dat 格式的通讯录(&amp;A)…</translation>
        </message>
        <message>
            <source>Choose this format to back up the organisation: departments, members with their global ids, states and password hashes, and the settings.</source>
            <translation>备份组织架构请选择该格式：包含部门、成员（含 GID、状态和密码哈希）以及企业设置。</translation>
        </message>
        <message>
            <source>Export E&amp;xcel…</source>
            <translation>导出 Excel 格式的通讯录(&amp;X)…</translation>
        </message>
        <message>
            <source>Choose this format to look the address book over: the department chosen above (with its sub-departments) or the whole address book, in the template's columns.</source>
            <translation>导出查看请选择该格式：导出上面选择的部门（含子部门）或整个通讯录，列与导入模板相同。</translation>
        </message>
        <message>
            <source>Create the departments named in the 部门 column</source>
            <translation>自动创建“部门”列中不存在的部门</translation>
        </message>
        <message>
            <source>Hide the fields members marked confidential</source>
            <translation>隐藏成员设为保密的字段</translation>
        </message>
        <message>
            <source>Department:</source>
            <translation>部门：</translation>
        </message>
        <message>
            <source>&amp;Choose…</source>
            <translation>选择(&amp;C)…</translation>
        </message>
        <message>
            <source>&amp;Whole address book</source>
            <translation>整个通讯录(&amp;W)</translation>
        </message>
        <message>
            <source>Excel imports put rows without a 部门 here; Excel exports export this department with its sub-departments.</source>
            <translation>Excel 导入时，未填“部门”的行导入到此部门；Excel 导出时，导出此部门及其子部门。</translation>
        </message>
        <message>
            <source>(whole address book)</source>
            <translation>（整个通讯录）</translation>
        </message>
        <message>
            <source>Choose a department</source>
            <translation>选择部门</translation>
        </message>
        <message>
            <source>Import Excel</source>
            <translation>导入 Excel</translation>
        </message>
        <message>
            <source>Excel files (*.xlsx *.xls)</source>
            <translation>Excel 文件 (*.xlsx *.xls)</translation>
        </message>
        <message>
            <source>Import the RTX organisation</source>
            <translation>导入 RTX 的通讯录</translation>
        </message>
        <message>
            <source>RTX exports (*.xml *.xms)</source>
            <translation>RTX 导出文件 (*.xml *.xms)</translation>
        </message>
        <message>
            <source>Import a .dat backup</source>
            <translation>导入 dat 格式的通讯录</translation>
        </message>
        <message>
            <source>Backups (*.dat)</source>
            <translation>备份文件 (*.dat)</translation>
        </message>
        <message>
            <source>Import %1</source>
            <translation>导入 %1</translation>
        </message>
        <message>
            <source>Reading and checking %1…</source>
            <translation>正在读取并检查 %1…</translation>
        </message>
        <message>
            <source>Cancelled; nothing was changed.</source>
            <translation>已取消，未做任何修改。</translation>
        </message>
        <message>
            <source>Nothing to change: the address book already matches the file.</source>
            <translation>没有需要修改的内容：通讯录已与文件一致。</translation>
        </message>
        <message>
            <source>Not applied; nothing was changed.</source>
            <translation>未应用，未做任何修改。</translation>
        </message>
        <message>
            <source>Import</source>
            <translation>导入</translation>
        </message>
        <message>
            <source>Applying the import…</source>
            <translation>正在应用导入…</translation>
        </message>
        <message>
            <source>Imported as change set #%1: %2.</source>
            <translation>已导入，变更集 #%1：%2。</translation>
        </message>
        <message>
            <source>“%1” reverses the whole import.</source>
            <translation>“%1”可撤销整次导入。</translation>
        </message>
        <message>
            <source>Save the import template</source>
            <translation>保存导入模板</translation>
        </message>
        <message>
            <source>Excel files (*.xlsx)</source>
            <translation>Excel 文件 (*.xlsx)</translation>
        </message>
        <message>
            <source>address-book-template.xlsx</source>
            <translation>通讯录导入模板.xlsx</translation>
        </message>
        <message>
            <source>Template saved to %1.</source>
            <translation>模板已保存到 %1。</translation>
        </message>
        <message>
            <source>address-book</source>
            <translation>通讯录</translation>
        </message>
        <message>
            <source>Export Excel</source>
            <translation>导出 Excel</translation>
        </message>
        <message>
            <source>Writing %1…</source>
            <translation>正在写入 %1…</translation>
        </message>
        <message>
            <source>Exported %1 members to %2.</source>
            <translation>已导出 %1 名成员到 %2。</translation>
        </message>
        <message>
            <source>Export a .dat backup</source>
            <translation>导出 dat 格式的通讯录</translation>
        </message>
        <message>
            <source>address-book.dat</source>
            <translation>通讯录.dat</translation>
        </message>
        <message>
            <source>Backed up %1 departments, %2 members and %3 settings to %4.</source>
            <translation>已备份 %1 个部门、%2 名成员和 %3 项设置到 %4。</translation>
        </message>
        <message>
            <source>Not encrypted: it holds password hashes, keep it safe.</source>
            <translation>未加密：文件含密码哈希，请妥善保管。</translation>
        </message>
        <message>
            <source>Cancelled; no file was written.</source>
            <translation>已取消，未写入任何文件。</translation>
        </message>
    </context>
    <context>
        <name>ChangeAction</name>
        <message>
            <source>Add</source>
            <translation>新增</translation>
        </message>
        <message>
            <source>Update</source>
            <translation>修改</translation>
        </message>
        <message>
            <source>Move</source>
            <translation>迁移</translation>
        </message>
        <message>
            <source>Resign</source>
            <translation>离职</translation>
        </message>
        <message>
            <source>Restore</source>
            <translation>恢复</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>删除</translation>
        </message>
        <message>
            <source>Joins group</source>
            <translation>加入群</translation>
        </message>
        <message>
            <source>Leaves group</source>
            <translation>退出群</translation>
        </message>
    </context>
    <context>
        <name>ChangeEntity</name>
        <message>
            <source>Member</source>
            <translation>成员</translation>
        </message>
        <message>
            <source>Department</source>
            <translation>部门</translation>
        </message>
        <message>
            <source>Administrator</source>
            <translation>管理员</translation>
        </message>
        <message>
            <source>Setting</source>
            <translation>设置项</translation>
        </message>
        <message>
            <source>Login state</source>
            <translation>登录状态</translation>
        </message>
        <message>
            <source>Group</source>
            <translation>群</translation>
        </message>
        <message>
            <source>Group member</source>
            <translation>群成员</translation>
        </message>
        <message>
            <source>Visibility rule</source>
            <translation>可见性规则</translation>
        </message>
        <message>
            <source>App</source>
            <translation>企业应用</translation>
        </message>
        <message>
            <source>Portal template</source>
            <translation>应用门户模板</translation>
        </message>
        <message>
            <source>App in a template</source>
            <translation>模板中的应用</translation>
        </message>
        <message>
            <source>Template audience</source>
            <translation>模板使用人员</translation>
        </message>
        <message>
            <source>Custom menu</source>
            <translation>自定义菜单</translation>
        </message>
        <message>
            <source>Mobile workbench</source>
            <translation>移动端工作台</translation>
        </message>
        <message>
            <source>Announcement</source>
            <translation>公告</translation>
        </message>
        <message>
            <source>Announcement category</source>
            <translation>公告分类</translation>
        </message>
    </context>
    <context>
        <name>ChangeState</name>
        <message>
            <source>Undone by #%1</source>
            <translation>已被 #%1 撤销</translation>
        </message>
        <message>
            <source>Undoes #%1</source>
            <translation>撤销 #%1</translation>
        </message>
    </context>
    <context>
        <name>ChangeSummary</name>
        <message>
            <source>%1 added</source>
            <translation>新增 %1</translation>
        </message>
        <message>
            <source>%1 updated</source>
            <translation>修改 %1</translation>
        </message>
        <message>
            <source>%1 moved</source>
            <translation>迁移 %1</translation>
        </message>
        <message>
            <source>%1 resigned</source>
            <translation>离职 %1</translation>
        </message>
        <message>
            <source>%1 deleted</source>
            <translation>删除 %1</translation>
        </message>
        <message>
            <source>%1 errors</source>
            <translation>错误 %1</translation>
        </message>
        <message>
            <source>, </source>
            <translation>，</translation>
        </message>
        <message>
            <source>no changes</source>
            <translation>无变更</translation>
        </message>
    </context>
    <context>
        <name>Columns</name>
        <message>
            <source>No.</source>
            <translation>编号</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>时间</translation>
        </message>
        <message>
            <source>Administrator</source>
            <translation>管理员</translation>
        </message>
        <message>
            <source>Description</source>
            <translation>说明</translation>
        </message>
        <message>
            <source>Changes</source>
            <translation>变更</translation>
        </message>
        <message>
            <source>State</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Action</source>
            <translation>操作</translation>
        </message>
        <message>
            <source>Type</source>
            <translation>类型</translation>
        </message>
        <message>
            <source>Target</source>
            <translation>对象</translation>
        </message>
        <message>
            <source>Details</source>
            <translation>详情</translation>
        </message>
        <message>
            <source>Row / entry</source>
            <translation>行/条目</translation>
        </message>
        <message>
            <source>Field</source>
            <translation>字段</translation>
        </message>
        <message>
            <source>Message</source>
            <translation>信息</translation>
        </message>
        <message>
            <source>Account</source>
            <translation>帐号</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>姓名</translation>
        </message>
        <message>
            <source>Failures</source>
            <translation>失败次数</translation>
        </message>
        <message>
            <source>Locked at</source>
            <translation>锁定时间</translation>
        </message>
        <message>
            <source>Last failure</source>
            <translation>最近失败时间</translation>
        </message>
        <message>
            <source>Address</source>
            <translation>来源地址</translation>
        </message>
        <message>
            <source>Device</source>
            <translation>设备类型</translation>
        </message>
        <message>
            <source>Department</source>
            <translation>部门</translation>
        </message>
        <message>
            <source>Mobile</source>
            <translation>手机</translation>
        </message>
        <message>
            <source>E-mail</source>
            <translation>邮箱</translation>
        </message>
        <message>
            <source>Position</source>
            <translation>职务</translation>
        </message>
        <message>
            <source>Weight</source>
            <translation>权重</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Resigned on</source>
            <translation>离职时间</translation>
        </message>
        <message>
            <source>Started</source>
            <translation>开始</translation>
        </message>
        <message>
            <source>Finished</source>
            <translation>结束</translation>
        </message>
        <message>
            <source>Trigger</source>
            <translation>触发</translation>
        </message>
        <message>
            <source>Mode</source>
            <translation>方式</translation>
        </message>
        <message>
            <source>Result</source>
            <translation>结果</translation>
        </message>
        <message>
            <source>Change set</source>
            <translation>变更集</translation>
        </message>
        <message>
            <source>Group</source>
            <translation>群</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>类型</translation>
        </message>
        <message>
            <source>Members</source>
            <translation>成员</translation>
        </message>
        <message>
            <source>Group space</source>
            <translation>群空间容量</translation>
        </message>
        <message>
            <source>Role</source>
            <translation>身份</translation>
        </message>
        <message>
            <source>Queued at</source>
            <translation>排队时间</translation>
        </message>
        <message>
            <source>Request</source>
            <translation>请求</translation>
        </message>
        <message>
            <source>Replayed at</source>
            <translation>执行时间</translation>
        </message>
        <message>
            <source>Outcome</source>
            <translation>结果</translation>
        </message>
        <message>
            <source>Rule</source>
            <translation>规则</translation>
        </message>
        <message>
            <source>Departments / members</source>
            <translation>部门/成员</translation>
        </message>
        <message>
            <source>Whitelist</source>
            <translation>白名单</translation>
        </message>
        <message>
            <source>Extra visible</source>
            <translation>额外可见</translation>
        </message>
        <message>
            <source>Hidden by rule</source>
            <translation>隐藏它的规则</translation>
        </message>
        <message>
            <source>Menu name</source>
            <translation>名称</translation>
        </message>
        <message>
            <source>Content types</source>
            <translation>支持类型</translation>
        </message>
        <message>
            <source>URL</source>
            <translation>URL</translation>
        </message>
        <message>
            <source>Window</source>
            <translation>窗口大小</translation>
        </message>
        <message>
            <source>App</source>
            <translation>应用</translation>
        </message>
        <message>
            <source>When requested</source>
            <translation>请求时摘要</translation>
        </message>
        <message>
            <source>Decided by</source>
            <translation>处理人</translation>
        </message>
        <message>
            <source>Title</source>
            <translation>标题</translation>
        </message>
        <message>
            <source>Recipients</source>
            <translation>接收人</translation>
        </message>
        <message>
            <source>Content</source>
            <translation>内容</translation>
        </message>
        <message>
            <source>Submitted</source>
            <translation>提交时间</translation>
        </message>
        <message>
            <source>Submitter</source>
            <translation>提交人</translation>
        </message>
        <message>
            <source>Submitter's department</source>
            <translation>提交人部门</translation>
        </message>
        <message>
            <source>Category</source>
            <translation>类别</translation>
        </message>
        <message>
            <source>Sender</source>
            <translation>发送人</translation>
        </message>
        <message>
            <source>Sent</source>
            <translation>发送时间</translation>
        </message>
        <message>
            <source>Read</source>
            <translation>阅读时间</translation>
        </message>
        <message>
            <source>Departments</source>
            <translation>管辖部门</translation>
        </message>
        <message>
            <source>Permissions</source>
            <translation>权限</translation>
        </message>
    </context>
    <context>
        <name>ConfidentialDialog</name>
        <message>
            <source>Confidential fields</source>
            <translation>员工信息保密设置</translation>
        </message>
        <message>
            <source>Choose the information to keep confidential (it is then not shown in the clients). Members: %1</source>
            <translation>请选择需要保密的信息（选择保密后，该类信息将不会在客户端中公开显示）。成员：%1</translation>
        </message>
        <message>
            <source>&amp;Mobile</source>
            <translation>手机(&amp;M)</translation>
        </message>
        <message>
            <source>&amp;Phone</source>
            <translation>座机(&amp;P)</translation>
        </message>
        <message>
            <source>&amp;E-mail</source>
            <translation>邮箱(&amp;E)</translation>
        </message>
    </context>
    <context>
        <name>ConnectionDialog</name>
        <message>
            <source>Connect to a database</source>
            <translation>连接数据库</translation>
        </message>
        <message>
            <source>Saved &amp;connections</source>
            <translation>已保存的连接(&amp;C)</translation>
        </message>
        <message>
            <source>&amp;New</source>
            <translation>新建(&amp;N)</translation>
        </message>
        <message>
            <source>&amp;Delete</source>
            <translation>删除(&amp;D)</translation>
        </message>
        <message>
            <source>Na&amp;me:</source>
            <translation>名称(&amp;M)：</translation>
        </message>
        <message>
            <source>&amp;Type:</source>
            <translation>类型(&amp;T)：</translation>
        </message>
        <message>
            <source>Local SQLite file</source>
            <translation>本地 SQLite 文件</translation>
        </message>
        <message>
            <source>PostgreSQL server</source>
            <translation>PostgreSQL 服务器</translation>
        </message>
        <message>
            <source>MySQL / MariaDB server</source>
            <translation>MySQL / MariaDB 服务器</translation>
        </message>
        <message>
            <source>&amp;File:</source>
            <translation>文件(&amp;F)：</translation>
        </message>
        <message>
            <source>&amp;Browse…</source>
            <translation>浏览(&amp;B)…</translation>
        </message>
        <message>
            <source>&amp;Host:</source>
            <translation>主机(&amp;H)：</translation>
        </message>
        <message>
            <source>&amp;Port:</source>
            <translation>端口(&amp;P)：</translation>
        </message>
        <message>
            <source>&amp;Database:</source>
            <translation>数据库(&amp;D)：</translation>
        </message>
        <message>
            <source>&amp;User:</source>
            <translation>用户名(&amp;U)：</translation>
        </message>
        <message>
            <source>Pass&amp;word:</source>
            <translation>密码(&amp;W)：</translation>
        </message>
        <message>
            <source>&amp;Remember the password in the system keyring</source>
            <translation>在系统密钥环中记住密码(&amp;R)</translation>
        </message>
        <message>
            <source>No system keyring is available: the password is asked for at every connection and never stored.</source>
            <translation>没有可用的系统密钥环：每次连接时都需要输入密码，密码不会被保存。</translation>
        </message>
        <message>
            <source>Shared server: leave User and Password empty and sign in with your own administrator name and password: each administrator is a database login of the same name, and the server itself enforces its role. The database owner sets the server up once (db init, db secure, the first super administrator); the owner's credentials are only for that, upgrades and recovery, and are not saved in everyday connections.</source>
            <translation>共享服务器：用户和密码留空，用您自己的管理员名和密码登录：每位管理员都是同名的数据库登录，由服务器本身强制其角色权限。数据库所有者只需设置一次服务器（db init、db secure、第一位超级管理员）；所有者的凭据只用于设置、升级和恢复，不保存在日常连接中。</translation>
        </message>
        <message>
            <source>&amp;Test connection</source>
            <translation>测试连接(&amp;T)</translation>
        </message>
        <message>
            <source>C&amp;onnect</source>
            <translation>连接(&amp;O)</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Saved connections</source>
            <translation>已保存的连接</translation>
        </message>
        <message>
            <source>Connection name</source>
            <translation>连接名称</translation>
        </message>
        <message>
            <source>Database type</source>
            <translation>数据库类型</translation>
        </message>
        <message>
            <source>SQLite file</source>
            <translation>SQLite 文件</translation>
        </message>
        <message>
            <source>Server host</source>
            <translation>服务器主机</translation>
        </message>
        <message>
            <source>Server port</source>
            <translation>服务器端口</translation>
        </message>
        <message>
            <source>Database name</source>
            <translation>数据库名</translation>
        </message>
        <message>
            <source>User name</source>
            <translation>用户名</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>密码</translation>
        </message>
        <message>
            <source>Connection status</source>
            <translation>连接状态</translation>
        </message>
        <message>
            <source>Local database</source>
            <translation>本地数据库</translation>
        </message>
        <message>
            <source>New connection %1</source>
            <translation>新连接 %1</translation>
        </message>
        <message>
            <source>SQLite database file</source>
            <translation>SQLite 数据库文件</translation>
        </message>
        <message>
            <source>SQLite databases (*.db *.sqlite);;All files (*)</source>
            <translation>SQLite 数据库 (*.db *.sqlite);;所有文件 (*)</translation>
        </message>
        <message>
            <source>Cancelled.</source>
            <translation>已取消。</translation>
        </message>
        <message>
            <source>Testing the connection…</source>
            <translation>正在测试连接…</translation>
        </message>
        <message>
            <source>Testing</source>
            <translation>测试连接</translation>
        </message>
        <message>
            <source>The server answers: sign in with your own administrator login.</source>
            <translation>服务器可以连接：请用您自己的管理员登录。</translation>
        </message>
        <message>
            <source>The file does not exist yet: it will be created as a new database.</source>
            <translation>文件尚不存在：将创建为新的数据库。</translation>
        </message>
        <message>
            <source>Connected: the database is empty and will be set up on first use.</source>
            <translation>连接成功：数据库为空，首次使用时将自动初始化。</translation>
        </message>
        <message>
            <source>Connected: a Youdu Console database, schema %1.</source>
            <translation>连接成功：有度管理控制台数据库，版本 %1。</translation>
        </message>
        <message>
            <source>Connected: the schema %1 will be upgraded to %2 (a copy is kept first).</source>
            <translation>连接成功：数据库版本 %1 将升级到 %2（升级前会先保留一份副本）。</translation>
        </message>
        <message>
            <source>Opening the database…</source>
            <translation>正在打开数据库…</translation>
        </message>
        <message>
            <source>Connecting</source>
            <translation>正在连接</translation>
        </message>
    </context>
    <context>
        <name>DatPassword</name>
        <message>
            <source>Encrypt the backup</source>
            <translation>加密备份</translation>
        </message>
        <message>
            <source>The backup holds every member's password hash. Give a password to encrypt it, or leave both fields empty to write it unencrypted (then keep the file safe).</source>
            <translation>备份中含有每位成员的密码哈希。设置密码可加密备份；两栏都留空则不加密（请妥善保管文件）。</translation>
        </message>
        <message>
            <source>Backup password</source>
            <translation>备份密码</translation>
        </message>
        <message>
            <source>The backup “%1” is encrypted. Enter its password:</source>
            <translation>备份文件“%1”已加密，请输入密码：</translation>
        </message>
        <message>
            <source>&amp;Password:</source>
            <translation>密码(&amp;P)：</translation>
        </message>
        <message>
            <source>&amp;Repeat:</source>
            <translation>再次输入(&amp;R)：</translation>
        </message>
        <message>
            <source>Repeat the backup password</source>
            <translation>再次输入备份密码</translation>
        </message>
        <message>
            <source>The two passwords differ.</source>
            <translation>两次输入的密码不一致。</translation>
        </message>
        <message>
            <source>Enter the password.</source>
            <translation>请输入密码。</translation>
        </message>
    </context>
    <context>
        <name>DepartmentPane</name>
        <message>
            <source>Account / name / pinyin / mobile / e-mail</source>
            <translation>帐号/用户名/拼音/手机/邮箱</translation>
        </message>
        <message>
            <source>Search the address book</source>
            <translation>搜索通讯录</translation>
        </message>
        <message>
            <source>Search the address book (%1); Esc clears the search</source>
            <translation>搜索通讯录（%1）；按 Esc 清除搜索</translation>
        </message>
        <message>
            <source>&amp;Find member</source>
            <translation>查找成员(&amp;F)</translation>
        </message>
        <message>
            <source>Clear the search</source>
            <translation>清除搜索</translation>
        </message>
        <message>
            <source>Departments</source>
            <translation>部门</translation>
        </message>
        <message>
            <source>&amp;Add sub-department…</source>
            <translation>添加子部门(&amp;A)…</translation>
        </message>
        <message>
            <source>&amp;Rename…</source>
            <translation>修改名称(&amp;R)…</translation>
        </message>
        <message>
            <source>&amp;Delete department</source>
            <translation>删除部门(&amp;D)</translation>
        </message>
        <message>
            <source>&amp;Move to…</source>
            <translation>迁移到(&amp;M)…</translation>
        </message>
        <message>
            <source>Move &amp;up</source>
            <translation>上移(&amp;U)</translation>
        </message>
        <message>
            <source>Move do&amp;wn</source>
            <translation>下移(&amp;W)</translation>
        </message>
        <message>
            <source>Add sub-department</source>
            <translation>添加子部门</translation>
        </message>
        <message>
            <source>Name of the new department under %1:</source>
            <translation>在“%1”下新建部门，名称：</translation>
        </message>
        <message>
            <source>the top level</source>
            <translation>顶级</translation>
        </message>
        <message>
            <source>Rename department</source>
            <translation>修改部门名称</translation>
        </message>
        <message>
            <source>New name of %1:</source>
            <translation>“%1”的新名称：</translation>
        </message>
        <message>
            <source>Delete department</source>
            <translation>删除部门</translation>
        </message>
        <message>
            <source>Move department</source>
            <translation>迁移部门</translation>
        </message>
        <message>
            <source>Move %1 under:</source>
            <translation>将“%1”迁移到：</translation>
        </message>
        <message>
            <source>Department order</source>
            <translation>部门排序</translation>
        </message>
    </context>
    <context>
        <name>DepartmentPicker</name>
        <message>
            <source>Choose a department</source>
            <translation>选择部门</translation>
        </message>
        <message>
            <source>&amp;Department:</source>
            <translation>部门(&amp;D)：</translation>
        </message>
        <message>
            <source>Departments</source>
            <translation>部门</translation>
        </message>
    </context>
    <context>
        <name>DepartmentTree</name>
        <message>
            <source>All departments</source>
            <translation>全部部门</translation>
        </message>
        <message>
            <source>The whole enterprise</source>
            <translation>整个企业</translation>
        </message>
        <message>
            <source>Department</source>
            <translation>部门</translation>
        </message>
    </context>
    <context>
        <name>DirectoryPanel</name>
        <message>
            <source>Add sub-department</source>
            <translation>添加子部门</translation>
        </message>
        <message>
            <source>Rename</source>
            <translation>修改名称</translation>
        </message>
        <message>
            <source>Delete department</source>
            <translation>删除部门</translation>
        </message>
        <message>
            <source>All departments(%1)</source>
            <translation>全部部门(%1)</translation>
        </message>
        <message>
            <source>Every member; choose a department to see its members only, or search.</source>
            <translation>全部成员；选择部门只看该部门的成员，或进行搜索。</translation>
        </message>
        <message>
            <source>Search “%1”: %2 found</source>
            <translation>搜索“%1”：找到 %2 人</translation>
        </message>
    </context>
    <context>
        <name>EnterprisePages</name>
        <message>
            <source>Checking…</source>
            <translation>正在检查…</translation>
        </message>
        <message>
            <source>Upload licence file…</source>
            <translation>上传授权文件…</translation>
        </message>
        <message>
            <source>Apply for expansion</source>
            <translation>申请扩容</translation>
        </message>
        <message>
            <source>Apply for renewal</source>
            <translation>申请续期</translation>
        </message>
        <message>
            <source>Licence file</source>
            <translation>授权文件</translation>
        </message>
        <message>
            <source>Licence files (*.lic *.json);;All files (*)</source>
            <translation>授权文件 (*.lic *.json);;所有文件 (*)</translation>
        </message>
        <message>
            <source>Apply licence file</source>
            <translation>应用授权文件</translation>
        </message>
        <message>
            <source>Preview:</source>
            <translation>预览：</translation>
        </message>
        <message>
            <source>(empty)</source>
            <translation>（空）</translation>
        </message>
        <message>
            <source>SMTP password</source>
            <translation>SMTP 密码</translation>
        </message>
        <message>
            <source>Keep in the keyring</source>
            <translation>保存到钥匙串</translation>
        </message>
        <message>
            <source>Test recipient</source>
            <translation>测试收件人</translation>
        </message>
        <message>
            <source>Send test mail</source>
            <translation>发送测试邮件</translation>
        </message>
        <message>
            <source>The SMTP password is kept (%1).</source>
            <translation>SMTP 密码已保存（%1）。</translation>
        </message>
        <message>
            <source>Verify the URL</source>
            <translation>验证 URL</translation>
        </message>
        <message>
            <source>Verify connection</source>
            <translation>验证连接</translation>
        </message>
        <message>
            <source>iOS push certificate:</source>
            <translation>iOS 推送证书：</translation>
        </message>
        <message>
            <source>AppID:</source>
            <translation>AppID：</translation>
        </message>
        <message>
            <source>Password:</source>
            <translation>密码：</translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>浏览…</translation>
        </message>
        <message>
            <source>A .p12 file with the certificate and its key</source>
            <translation>含证书及私钥的 .p12 文件</translation>
        </message>
        <message>
            <source>Check and save the certificate</source>
            <translation>校验并保存证书</translation>
        </message>
        <message>
            <source>No certificate yet.</source>
            <translation>尚未上传证书。</translation>
        </message>
        <message>
            <source>Current certificate: %1 (%2), valid until %3</source>
            <translation>当前证书：%1（%2），有效期至 %3</translation>
        </message>
        <message>
            <source>iOS push certificate</source>
            <translation>iOS 推送证书</translation>
        </message>
        <message>
            <source>PKCS#12 files (*.p12 *.pfx);;All files (*)</source>
            <translation>PKCS#12 文件 (*.p12 *.pfx);;所有文件 (*)</translation>
        </message>
        <message>
            <source>The certificate is saved, but no keyring is usable here: its password was not kept.</source>
            <translation>证书已保存，但本机没有可用的系统钥匙串：密码未保存。</translation>
        </message>
        <message>
            <source>The certificate is saved; its password is kept (%1).</source>
            <translation>证书已保存，密码已保存（%1）。</translation>
        </message>
        <message>
            <source>Regenerate</source>
            <translation>重新生成</translation>
        </message>
        <message>
            <source>Enter this connection code in Youdu's RTX plug-in; once connected, Youdu and RTX work together.</source>
            <translation>请在有度 RTX 插件填写此连接码，连接成功即可与 RTX 互联互通。</translation>
        </message>
        <message>
            <source>Connection code: %1</source>
            <translation>连接码：%1</translation>
        </message>
        <message>
            <source>(none yet)</source>
            <translation>（尚未生成）</translation>
        </message>
        <message>
            <source>RTX connection code</source>
            <translation>RTX 连接码</translation>
        </message>
    </context>
    <context>
        <name>Errors</name>
        <message>
            <source>Changed by another administrator</source>
            <translation>已被其他管理员修改</translation>
        </message>
        <message>
            <source>Invalid entries</source>
            <translation>存在无效条目</translation>
        </message>
        <message>
            <source>Refused</source>
            <translation>操作被拒绝</translation>
        </message>
        <message>
            <source>Unexpected error</source>
            <translation>意外错误</translation>
        </message>
    </context>
    <context>
        <name>FeedbackPanel</name>
        <message>
            <source>Feedback members submitted from the client</source>
            <translation>可查看企业成员通过客户端反馈的消息</translation>
        </message>
        <message>
            <source>&amp;From:</source>
            <translation>时间范围(&amp;F)：</translation>
        </message>
        <message>
            <source>&amp;To:</source>
            <translation>至(&amp;T)：</translation>
        </message>
        <message>
            <source>Su&amp;bmitter:</source>
            <translation>提交人(&amp;B)：</translation>
        </message>
        <message>
            <source>Submitter's de&amp;partment:</source>
            <translation>提交人部门(&amp;P)：</translation>
        </message>
        <message>
            <source>YYYY-MM-DD</source>
            <translation>年-月-日</translation>
        </message>
        <message>
            <source>Department path, e.g. Sales/East</source>
            <translation>部门路径，如 销售部/华东</translation>
        </message>
        <message>
            <source>&amp;Search</source>
            <translation>查询(&amp;S)</translation>
        </message>
        <message>
            <source>&amp;View</source>
            <translation>查看(&amp;V)</translation>
        </message>
        <message>
            <source>E&amp;xport…</source>
            <translation>导出记录(&amp;X)…</translation>
        </message>
        <message>
            <source>&amp;Delete</source>
            <translation>删除记录(&amp;D)</translation>
        </message>
        <message>
            <source>Feedback</source>
            <translation>意见反馈</translation>
        </message>
        <message>
            <source>%1 (%2), %3 — %4</source>
            <translation>%1（%2），%3 — %4</translation>
        </message>
        <message>
            <source>Attachment: %1 (%2 bytes)</source>
            <translation>附件：%1（%2 字节）</translation>
        </message>
        <message>
            <source>Client log attached</source>
            <translation>附有客户端日志</translation>
        </message>
        <message>
            <source>Save attachments…</source>
            <translation>保存附件…</translation>
        </message>
        <message>
            <source>Save attachments to</source>
            <translation>将附件保存到</translation>
        </message>
        <message>
            <source>%1 files saved to %2</source>
            <translation>已保存 %1 个文件到 %2</translation>
        </message>
        <message>
            <source>Export feedback</source>
            <translation>导出意见反馈</translation>
        </message>
        <message>
            <source>Excel workbooks (*.xlsx)</source>
            <translation>Excel 工作簿 (*.xlsx)</translation>
        </message>
        <message>
            <source>%1 feedback exported to %2</source>
            <translation>已导出 %1 条反馈到 %2</translation>
        </message>
        <message>
            <source>Delete feedback</source>
            <translation>删除意见反馈</translation>
        </message>
    </context>
    <context>
        <name>FileDialog</name>
        <message>
            <source>Drive</source>
            <translation>驱动器</translation>
        </message>
        <message>
            <source>Folder</source>
            <translation>文件夹</translation>
        </message>
        <message>
            <source>%1 file</source>
            <translation>%1 文件</translation>
        </message>
        <message>
            <source>File</source>
            <translation>文件</translation>
        </message>
    </context>
    <context>
        <name>FileTransferPage</name>
        <message>
            <source>Offline mode</source>
            <translation>离线模式</translation>
        </message>
        <message>
            <source>P2P mode (large files)</source>
            <translation>P2P 模式（大文件）</translation>
        </message>
        <message>
            <source>Interconnected enterprises</source>
            <translation>互联企业模式</translation>
        </message>
        <message>
            <source>Allowed</source>
            <translation>允许</translation>
        </message>
        <message>
            <source>Refused: no such account</source>
            <translation>拒绝：帐号不存在</translation>
        </message>
        <message>
            <source>Refused: the member has resigned</source>
            <translation>拒绝：成员已离职</translation>
        </message>
        <message>
            <source>Refused: the member is disabled</source>
            <translation>拒绝：成员已被禁用</translation>
        </message>
        <message>
            <source>Refused: this transfer mode is off</source>
            <translation>拒绝：此传输模式已关闭</translation>
        </message>
        <message>
            <source>Refused: larger than this mode's limit</source>
            <translation>拒绝：超过此模式的单文件大小上限</translation>
        </message>
        <message>
            <source>Refused: downloads from external networks are off</source>
            <translation>拒绝：外网地址不允许下载</translation>
        </message>
        <message>
            <source>Check a transfer (as saved)</source>
            <translation>检查一次传输（按已保存的设置）</translation>
        </message>
        <message>
            <source>Member account:</source>
            <translation>成员帐号：</translation>
        </message>
        <message>
            <source>Transfer mode:</source>
            <translation>传输模式：</translation>
        </message>
        <message>
            <source>File size:</source>
            <translation>文件大小：</translation>
        </message>
        <message>
            <source>Downloading from address:</source>
            <translation>下载方地址：</translation>
        </message>
        <message>
            <source>optional, e.g. 203.0.113.9</source>
            <translation>可不填，如 203.0.113.9</translation>
        </message>
        <message>
            <source>&amp;Check</source>
            <translation>检查(&amp;C)</translation>
        </message>
        <message>
            <source>Enter an account.</source>
            <translation>请输入帐号。</translation>
        </message>
        <message>
            <source>(limit %1 MB)</source>
            <translation>（上限 %1 MB）</translation>
        </message>
        <message>
            <source>— an external address</source>
            <translation>——外网地址</translation>
        </message>
    </context>
    <context>
        <name>GroupsPanel</name>
        <message>
            <source>Department group</source>
            <translation>部门群</translation>
        </message>
        <message>
            <source>Fixed group</source>
            <translation>固定群</translation>
        </message>
        <message>
            <source>Resigned</source>
            <translation>已离职</translation>
        </message>
        <message>
            <source>Owner</source>
            <translation>群主</translation>
        </message>
        <message>
            <source>Group gid</source>
            <translation>群 GID</translation>
        </message>
        <message>
            <source>Department</source>
            <translation>部门</translation>
        </message>
        <message>
            <source>Group space</source>
            <translation>群空间容量</translation>
        </message>
        <message>
            <source>Administrators</source>
            <translation>群管理员</translation>
        </message>
        <message>
            <source>Administrator</source>
            <translation>管理员</translation>
        </message>
        <message>
            <source>Groups(%1)</source>
            <translation>群列表(%1)</translation>
        </message>
        <message>
            <source>Filter by group name</source>
            <translation>按群名称筛选</translation>
        </message>
        <message>
            <source>Filter groups</source>
            <translation>筛选群</translation>
        </message>
        <message>
            <source>By member account</source>
            <translation>按成员帐号</translation>
        </message>
        <message>
            <source>Show the groups the account typed in the filter belongs to</source>
            <translation>显示筛选框中帐号所在的群</translation>
        </message>
        <message>
            <source>&amp;New group…</source>
            <translation>新建群(&amp;N)…</translation>
        </message>
        <message>
            <source>New &amp;department group…</source>
            <translation>新建部门群(&amp;D)…</translation>
        </message>
        <message>
            <source>&amp;Rename…</source>
            <translation>修改名称(&amp;R)…</translation>
        </message>
        <message>
            <source>De&amp;lete group</source>
            <translation>删除群(&amp;L)</translation>
        </message>
        <message>
            <source>Add from &amp;department…</source>
            <translation>从部门添加(&amp;D)…</translation>
        </message>
        <message>
            <source>Add &amp;account…</source>
            <translation>按帐号添加(&amp;A)…</translation>
        </message>
        <message>
            <source>Re&amp;move</source>
            <translation>移出(&amp;M)</translation>
        </message>
        <message>
            <source>Make a&amp;dmin</source>
            <translation>设为管理员(&amp;D)</translation>
        </message>
        <message>
            <source>Remove ad&amp;min</source>
            <translation>取消管理员(&amp;M)</translation>
        </message>
        <message>
            <source>%1:</source>
            <translation>%1：</translation>
        </message>
        <message>
            <source>Groups</source>
            <translation>群管理</translation>
        </message>
        <message>
            <source>Group members</source>
            <translation>群成员</translation>
        </message>
        <message>
            <source>No group selected</source>
            <translation>未选择群</translation>
        </message>
        <message>
            <source> (with sub-departments)</source>
            <translation>（含子部门）</translation>
        </message>
        <message>
            <source>A department group's members follow its department</source>
            <translation>部门群的成员随部门自动变化</translation>
        </message>
        <message>
            <source>New group</source>
            <translation>新建群</translation>
        </message>
        <message>
            <source>Group &amp;name:</source>
            <translation>群名称(&amp;N)：</translation>
        </message>
        <message>
            <source>New department group</source>
            <translation>新建部门群</translation>
        </message>
        <message>
            <source>Rename group</source>
            <translation>群改名</translation>
        </message>
        <message>
            <source>New &amp;name:</source>
            <translation>新名称(&amp;N)：</translation>
        </message>
        <message>
            <source>Delete group</source>
            <translation>删除群</translation>
        </message>
        <message>
            <source>Add the members of a department</source>
            <translation>添加部门成员</translation>
        </message>
        <message>
            <source>Add members</source>
            <translation>添加群成员</translation>
        </message>
        <message>
            <source>&amp;Accounts (comma separated):</source>
            <translation>帐号（用逗号分隔）(&amp;A)：</translation>
        </message>
        <message>
            <source>Remove members</source>
            <translation>移出群成员</translation>
        </message>
        <message>
            <source>Group administrators</source>
            <translation>群管理员</translation>
        </message>
        <message>
            <source>Create department &amp;group</source>
            <translation>创建部门群(&amp;G)</translation>
        </message>
        <message>
            <source>Delete department and its &amp;group</source>
            <translation>删除部门及其部门群(&amp;G)</translation>
        </message>
        <message>
            <source>Delete department and its group</source>
            <translation>删除部门及其部门群</translation>
        </message>
    </context>
    <context>
        <name>HistoryPanel</name>
        <message>
            <source>Change history</source>
            <translation>变更历史</translation>
        </message>
        <message>
            <source>&amp;Show the latest:</source>
            <translation>显示最近(&amp;S)：</translation>
        </message>
        <message>
            <source>How many change sets to show</source>
            <translation>显示的变更集数量</translation>
        </message>
        <message>
            <source>&amp;Undo selected</source>
            <translation>撤销所选(&amp;U)</translation>
        </message>
        <message>
            <source>Undo the selected change set</source>
            <translation>撤销所选变更集</translation>
        </message>
        <message>
            <source>&amp;Refresh</source>
            <translation>刷新(&amp;R)</translation>
        </message>
        <message>
            <source>Change sets</source>
            <translation>变更集</translation>
        </message>
        <message>
            <source>Operations of the selected change set</source>
            <translation>所选变更集的操作</translation>
        </message>
    </context>
    <context>
        <name>HomePanel</name>
        <message>
            <source>Getting started</source>
            <translation>开始使用</translation>
        </message>
        <message>
            <source>The address book is empty. Create the departments by hand, import them with their members from an Excel file, or sync them from an LDAP directory (Active Directory, OpenLDAP).</source>
            <translation>通讯录还是空的。可以手动添加部门，也可以从 Excel 文件导入部门和成员，或从 LDAP 目录（Active Directory、OpenLDAP）同步。</translation>
        </message>
        <message>
            <source>Add a &amp;department…</source>
            <translation>添加部门(&amp;D)…</translation>
        </message>
        <message>
            <source>&amp;Import from Excel…</source>
            <translation>从 Excel 导入(&amp;I)…</translation>
        </message>
        <message>
            <source>Sync from &amp;LDAP…</source>
            <translation>从 LDAP 同步(&amp;L)…</translation>
        </message>
        <message>
            <source>Members</source>
            <translation>成员</translation>
        </message>
        <message>
            <source>Authorised / seats</source>
            <translation>已授权/人数上限</translation>
        </message>
        <message>
            <source>Locked</source>
            <translation>已锁定</translation>
        </message>
        <message>
            <source>Resigned</source>
            <translation>已离职</translation>
        </message>
        <message>
            <source>Click to open this list</source>
            <translation>点击打开此名单</translation>
        </message>
        <message>
            <source>&amp;Latest changes</source>
            <translation>最近变更(&amp;L)</translation>
        </message>
        <message>
            <source>Latest changes</source>
            <translation>最近变更</translation>
        </message>
        <message>
            <source>Licence expires %1</source>
            <translation>授权到期时间：%1</translation>
        </message>
        <message>
            <source>Licence never expires</source>
            <translation>授权永不过期</translation>
        </message>
    </context>
    <context>
        <name>ImportFields</name>
        <message>
            <source>Account</source>
            <translation>帐号</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>姓名</translation>
        </message>
        <message>
            <source>Gender</source>
            <translation>性别</translation>
        </message>
        <message>
            <source>Mobile</source>
            <translation>手机</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>座机</translation>
        </message>
        <message>
            <source>Short number</source>
            <translation>短号</translation>
        </message>
        <message>
            <source>E-mail</source>
            <translation>邮箱</translation>
        </message>
        <message>
            <source>Department</source>
            <translation>部门</translation>
        </message>
        <message>
            <source>Position</source>
            <translation>职务</translation>
        </message>
        <message>
            <source>Weight</source>
            <translation>权重</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Login authorisation</source>
            <translation>登录授权</translation>
        </message>
    </context>
    <context>
        <name>ImportPreview</name>
        <message>
            <source>Review the import</source>
            <translation>导入预览</translation>
        </message>
        <message>
            <source>Apply only the valid rows (the %1 rows with errors are skipped)</source>
            <translation>只导入有效的行（跳过 %1 行有错误的数据）</translation>
        </message>
        <message>
            <source>Some departments named in the sheet do not exist. Tick “Create the departments named in the 部门 column” on the page and import again to create them.</source>
            <translation>表格中的部分部门不存在。如需创建，请在页面上勾选“自动创建‘部门’列中不存在的部门”后重新导入。</translation>
        </message>
        <message>
            <source>&amp;Apply valid rows</source>
            <translation>导入有效行(&amp;A)</translation>
        </message>
    </context>
    <context>
        <name>Jobs</name>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
    </context>
    <context>
        <name>LdapPanel</name>
        <message>
            <source>LDAP integration</source>
            <translation>LDAP 集成</translation>
        </message>
        <message>
            <source>Warning: without verification anyone on the network can pose as the directory server
and read the administrator password. Use this only for testing.</source>
            <translation>警告：不校验证书时，网络上的任何人都可以冒充目录服务器
并窃取管理员密码。仅在测试环境中使用。</translation>
        </message>
        <message>
            <source>AD domain xinda.im: dc=xinda,dc=im; to start from a sub-directory: ou=xx,dc=xinda,dc=im</source>
            <translation>AD 域 xinda.im 应填写 dc=xinda,dc=im；从子目录开始可填写 ou=xx,dc=xinda,dc=im</translation>
        </message>
        <message>
            <source>Connection</source>
            <translation>连接设置</translation>
        </message>
        <message>
            <source>Sync</source>
            <translation>同步</translation>
        </message>
        <message>
            <source>Run history</source>
            <translation>同步记录</translation>
        </message>
        <message>
            <source>Advanced</source>
            <translation>高级</translation>
        </message>
        <message>
            <source>&amp;Server address:</source>
            <translation>服务器地址(&amp;S)：</translation>
        </message>
        <message>
            <source>&amp;Encryption:</source>
            <translation>加密方式(&amp;E)：</translation>
        </message>
        <message>
            <source>Administrator &amp;account:</source>
            <translation>管理员帐号(&amp;A)：</translation>
        </message>
        <message>
            <source>Administrator &amp;password:</source>
            <translation>管理员密码(&amp;P)：</translation>
        </message>
        <message>
            <source>&amp;Domain (base DN):</source>
            <translation>域名(&amp;D)：</translation>
        </message>
        <message>
            <source>Directory &amp;type:</source>
            <translation>目录类型(&amp;T)：</translation>
        </message>
        <message>
            <source>&amp;CA certificate (PEM):</source>
            <translation>CA 证书（PEM）(&amp;C)：</translation>
        </message>
        <message>
            <source>192.168.0.10:389 (SSL port: 636)</source>
            <translation>192.168.0.10:389（SSL 端口：636）</translation>
        </message>
        <message>
            <source>CN=Administrator,CN=Users,DC=xinda,DC=im or XINDA\admin</source>
            <translation>CN=Administrator,CN=Users,DC=xinda,DC=im 或 XINDA\admin</translation>
        </message>
        <message>
            <source>Empty: the system's trusted certificates</source>
            <translation>留空则使用系统信任的证书</translation>
        </message>
        <message>
            <source>None</source>
            <translation>不加密</translation>
        </message>
        <message>
            <source>StartTLS (port 389)</source>
            <translation>StartTLS（389 端口）</translation>
        </message>
        <message>
            <source>LDAPS (SSL, port 636)</source>
            <translation>LDAPS（SSL，636 端口）</translation>
        </message>
        <message>
            <source>Ask the server</source>
            <translation>自动识别</translation>
        </message>
        <message>
            <source>Microsoft Active Directory (OU mode)</source>
            <translation>微软 Active Directory（OU 模式）</translation>
        </message>
        <message>
            <source>OpenLDAP (inetOrgPerson)</source>
            <translation>OpenLDAP（inetOrgPerson）</translation>
        </message>
        <message>
            <source>&amp;Browse…</source>
            <translation>浏览(&amp;B)…</translation>
        </message>
        <message>
            <source>Do &amp;not verify the server certificate (insecure)</source>
            <translation>不校验服务器证书（不安全）(&amp;N)</translation>
        </message>
        <message>
            <source>&amp;Verify</source>
            <translation>验证(&amp;V)</translation>
        </message>
        <message>
            <source>&amp;Save</source>
            <translation>保存(&amp;S)</translation>
        </message>
        <message>
            <source>&amp;Choose departments and people…</source>
            <translation>选择同步的部门和人员(&amp;C)…</translation>
        </message>
        <message>
            <source>Sync &amp;now…</source>
            <translation>立即同步(&amp;N)…</translation>
        </message>
        <message>
            <source>&amp;Full comparison</source>
            <translation>完整比对(&amp;F)</translation>
        </message>
        <message>
            <source>Compare everything instead of only what changed since the last sync (deletions are seen only by a full comparison).</source>
            <translation>比对全部数据，而不只是上次同步后变化的部分（只有完整比对才能发现已删除的人员）。</translation>
        </message>
        <message>
            <source>Automatic sync</source>
            <translation>自动同步</translation>
        </message>
        <message>
            <source>&amp;On</source>
            <translation>开启(&amp;O)</translation>
        </message>
        <message>
            <source>&amp;Every</source>
            <translation>间隔(&amp;E)</translation>
        </message>
        <message>
            <source> min</source>
            <translation> 分钟</translation>
        </message>
        <message>
            <source>Apply</source>
            <translation>应用</translation>
        </message>
        <message>
            <source>&amp;Refresh</source>
            <translation>刷新(&amp;R)</translation>
        </message>
        <message>
            <source>Your role may read these settings and the run history but not change them or sync.</source>
            <translation>你的角色可以查看这些设置和同步记录，但不能修改或同步。</translation>
        </message>
        <message>
            <source>Sync runs</source>
            <translation>同步记录</translation>
        </message>
        <message>
            <source>(kept in the system keyring; type to replace it)</source>
            <translation>（已保存在系统钥匙串中；输入新密码可替换）</translation>
        </message>
        <message>
            <source>CA certificate</source>
            <translation>CA 证书</translation>
        </message>
        <message>
            <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
            <translation>证书 (*.pem *.crt *.cer);;所有文件 (*)</translation>
        </message>
        <message>
            <source>Verifying…</source>
            <translation>正在验证…</translation>
        </message>
        <message>
            <source>Verify</source>
            <translation>验证</translation>
        </message>
        <message>
            <source>Connecting to %1…</source>
            <translation>正在连接 %1…</translation>
        </message>
        <message>
            <source>Cancelled.</source>
            <translation>已取消。</translation>
        </message>
        <message>
            <source>no TLS</source>
            <translation>未加密</translation>
        </message>
        <message>
            <source>Verified: %1 (%2, %3); the base DN %4 exists.</source>
            <translation>验证通过：%1（%2，%3），域名 %4 存在。</translation>
        </message>
        <message>
            <source>LDAP settings</source>
            <translation>LDAP 设置</translation>
        </message>
        <message>
            <source>Checking the settings…</source>
            <translation>正在检查设置…</translation>
        </message>
        <message>
            <source>The settings are unchanged.</source>
            <translation>设置没有变化。</translation>
        </message>
        <message>
            <source>Saved. The password is kept in the system keyring.</source>
            <translation>已保存。密码保存在系统钥匙串中。</translation>
        </message>
        <message>
            <source>Saved. No system keyring is available: the password is kept only while this window is open, and the automatic sync of other machines needs it given each time.</source>
            <translation>已保存。系统钥匙串不可用：密码只在本窗口打开期间保留，其他机器上的自动同步每次都需要提供密码。</translation>
        </message>
        <message>
            <source>Microsoft Active Directory (OU mode) and OpenLDAP. Fill in the server, verify, tick the departments and people to sync, then sync: the first sync, and the first after a settings change, is always previewed. After that it runs every %1 minutes while this window is open; for a server, put the command “youdu-console ldap sync” in cron or the Task Scheduler.</source>
            <translation>支持微软 Active Directory（OU 模式）和 OpenLDAP。填写服务器并验证，勾选需要同步的部门和人员，然后同步：首次同步以及修改设置后的第一次同步都会先预览。之后在本窗口打开期间每 %1 分钟自动同步一次；服务器上请把命令“youdu-console ldap sync”加入 cron 或任务计划程序。</translation>
        </message>
        <message>
            <source>Fill in and save the connection settings first.</source>
            <translation>请先填写并保存连接设置。</translation>
        </message>
        <message>
            <source>Syncing everything under %1.</source>
            <translation>同步 %1 下的全部部门和人员。</translation>
        </message>
        <message>
            <source>Syncing %1 and %2 under %3.</source>
            <translation>同步 %3 下勾选的 %1 和 %2。</translation>
        </message>
        <message numerus="yes">
            <source>%n OU(s)</source>
            <translation>
                <numerusform>%n 个 OU</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n person(s)</source>
            <translation>
                <numerusform>%n 名人员</numerusform>
            </translation>
        </message>
        <message>
            <source>Saving the selection…</source>
            <translation>正在保存勾选…</translation>
        </message>
        <message>
            <source>Reading the directory…</source>
            <translation>正在读取 LDAP 目录…</translation>
        </message>
        <message>
            <source>LDAP sync</source>
            <translation>LDAP 同步</translation>
        </message>
        <message>
            <source>Cancelled; nothing was changed.</source>
            <translation>已取消，未做任何修改。</translation>
        </message>
        <message>
            <source>Nothing to change: the address book matches the directory.</source>
            <translation>没有需要修改的内容：通讯录已与 LDAP 目录一致。</translation>
        </message>
        <message>
            <source>Not applied; nothing was changed.</source>
            <translation>未应用，未做任何修改。</translation>
        </message>
        <message>
            <source>Review the preview.</source>
            <translation>请检查预览。</translation>
        </message>
        <message>
            <source>Applying the sync…</source>
            <translation>正在应用同步…</translation>
        </message>
        <message>
            <source>Synced: change set #%1, %2.</source>
            <translation>已同步：变更集 #%1，%2。</translation>
        </message>
        <message>
            <source>&amp;Resume</source>
            <translation>继续(&amp;R)</translation>
        </message>
        <message>
            <source>&amp;Pause</source>
            <translation>暂停(&amp;P)</translation>
        </message>
        <message>
            <source>Automatic sync is off.</source>
            <translation>自动同步已关闭。</translation>
        </message>
        <message>
            <source>Automatic sync is paused in this window.</source>
            <translation>本窗口已暂停自动同步。</translation>
        </message>
        <message>
            <source>after the interval</source>
            <translation>间隔时间到后</translation>
        </message>
        <message>
            <source>Next automatic sync: %1 (every %2 minutes, while this window is open).</source>
            <translation>下次自动同步：%1（本窗口打开期间每 %2 分钟一次）。</translation>
        </message>
        <message>
            <source>Last run: %1, %2.</source>
            <translation>上次同步：%1，%2。</translation>
        </message>
        <message>
            <source>Automatic LDAP sync: change set #%1.</source>
            <translation>LDAP 自动同步：变更集 #%1。</translation>
        </message>
        <message>
            <source>The automatic sync stopped: %1</source>
            <translation>自动同步已停止：%1</translation>
        </message>
        <message>
            <source>The automatic sync failed: %1</source>
            <translation>自动同步失败：%1</translation>
        </message>
        <message>
            <source>No errors or notes.</source>
            <translation>没有错误或提示。</translation>
        </message>
    </context>
    <context>
        <name>LdapPicker</name>
        <message>
            <source>(reading…)</source>
            <translation>（正在读取…）</translation>
        </message>
        <message>
            <source>Directory</source>
            <translation>目录</translation>
        </message>
        <message>
            <source>Choose the departments and people to sync</source>
            <translation>选择需要同步的部门和人员</translation>
        </message>
        <message>
            <source>Tick an OU to sync it with everything below it, or tick people one by one. With nothing ticked, everything under the base DN is synced.</source>
            <translation>勾选 OU 会同步它及其下的全部内容，也可以逐个勾选人员。什么都不勾选时，同步域名下的全部内容。</translation>
        </message>
        <message>
            <source>Directory tree</source>
            <translation>目录树</translation>
        </message>
        <message>
            <source>OK, sync now</source>
            <translation>确定并立即同步</translation>
        </message>
        <message>
            <source>&amp;Untick all</source>
            <translation>全部取消勾选(&amp;U)</translation>
        </message>
        <message>
            <source>Nothing ticked: everything under the base DN.</source>
            <translation>未勾选：同步域名下的全部内容。</translation>
        </message>
        <message>
            <source>Ticked: %1 and %2.</source>
            <translation>已勾选：%1，%2。</translation>
        </message>
        <message numerus="yes">
            <source>%n OU(s)</source>
            <translation>
                <numerusform>%n 个 OU</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n person(s)</source>
            <translation>
                <numerusform>%n 名人员</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>LdapPreview</name>
        <message>
            <source>Review the LDAP sync</source>
            <translation>LDAP 同步预览</translation>
        </message>
        <message>
            <source>Full comparison</source>
            <translation>完整比对</translation>
        </message>
        <message>
            <source>Incremental</source>
            <translation>增量同步</translation>
        </message>
        <message>
            <source>%1: %2 people and %3 OUs read from the directory.</source>
            <translation>%1：从目录读取了 %2 名人员、%3 个 OU。</translation>
        </message>
        <message>
            <source>This sync would move %1 members to the resigned list; the removal guard allows %2. Check the list above before you confirm.</source>
            <translation>本次同步会把 %1 名成员转入离职名单，超过离职保护上限 %2。请先检查上面的列表再确认。</translation>
        </message>
        <message>
            <source>I have checked them: resign these %1 members</source>
            <translation>已核对：将这 %1 名成员转入离职名单</translation>
        </message>
        <message>
            <source>Apply the valid entries only (the %1 entries with errors are skipped)</source>
            <translation>只同步有效的条目（跳过 %1 个有错误的条目）</translation>
        </message>
        <message>
            <source>Notes:</source>
            <translation>提示：</translation>
        </message>
    </context>
    <context>
        <name>LdapStatus</name>
        <message>
            <source>Applied</source>
            <translation>已应用</translation>
        </message>
        <message>
            <source>Nothing to change</source>
            <translation>无需修改</translation>
        </message>
        <message>
            <source>Previewed</source>
            <translation>已预览</translation>
        </message>
        <message>
            <source>Needs a preview</source>
            <translation>需要预览</translation>
        </message>
        <message>
            <source>Stopped by a guard</source>
            <translation>被保护规则停止</translation>
        </message>
        <message>
            <source>Invalid entries</source>
            <translation>存在无效条目</translation>
        </message>
        <message>
            <source>Failed</source>
            <translation>失败</translation>
        </message>
        <message>
            <source>Cancelled</source>
            <translation>已取消</translation>
        </message>
        <message>
            <source>By hand</source>
            <translation>手动</translation>
        </message>
        <message>
            <source>Automatic</source>
            <translation>自动</translation>
        </message>
        <message>
            <source>Full</source>
            <translation>完整比对</translation>
        </message>
        <message>
            <source>Incremental</source>
            <translation>增量</translation>
        </message>
    </context>
    <context>
        <name>LiveViews</name>
        <message>
            <source>%1 changed this member meanwhile (change set #%2): applying your edits will fail; close and open the member again.</source>
            <translation>%1 已在此期间修改了该成员（变更集 #%2）：保存您的修改将会失败，请关闭后重新打开该成员。</translation>
        </message>
        <message>
            <source>● Online</source>
            <translation>● 在线</translation>
        </message>
        <message>
            <source>◌ Reconnecting…</source>
            <translation>◌ 正在重新连接…</translation>
        </message>
        <message numerus="yes">
            <source>○ Offline, %n request(s) queued</source>
            <translation>
                <numerusform>○ 离线，%n 个请求排队中</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>LockoutPanel</name>
        <message>
            <source>Locked accounts(%1 of %2)</source>
            <translation>锁定名单(%1/%2)</translation>
        </message>
        <message>
            <source>Locked accounts(%1)</source>
            <translation>锁定名单(%1)</translation>
        </message>
        <message>
            <source>Account / name / pinyin / department</source>
            <translation>帐号/用户名/拼音/部门</translation>
        </message>
        <message>
            <source>Filter the locked accounts</source>
            <translation>筛选锁定的帐号</translation>
        </message>
        <message>
            <source>Accounts locked after too many wrong passwords. Unlocking resets the failure count; the member can log in again at once.</source>
            <translation>因密码错误次数过多而被锁定的帐号。解锁后失败次数清零，成员可以立即重新登录。</translation>
        </message>
        <message>
            <source>&amp;Unlock selected</source>
            <translation>解锁所选(&amp;U)</translation>
        </message>
        <message>
            <source>Unlock &amp;all</source>
            <translation>全部解锁(&amp;A)</translation>
        </message>
        <message>
            <source>&amp;Refresh</source>
            <translation>刷新(&amp;R)</translation>
        </message>
        <message>
            <source>Locked accounts</source>
            <translation>锁定的帐号</translation>
        </message>
        <message>
            <source>Unlock the selected accounts</source>
            <translation>解锁所选帐号</translation>
        </message>
        <message>
            <source>Unlock every locked account</source>
            <translation>解锁全部被锁定的帐号</translation>
        </message>
        <message>
            <source>Unlock</source>
            <translation>解锁</translation>
        </message>
        <message>
            <source>Unlock all</source>
            <translation>全部解锁</translation>
        </message>
    </context>
    <context>
        <name>LoginDialog</name>
        <message>
            <source>&amp;Administrator:</source>
            <translation>管理员(&amp;A)：</translation>
        </message>
        <message>
            <source>&amp;Password:</source>
            <translation>密码(&amp;P)：</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Administrator name</source>
            <translation>管理员名</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>密码</translation>
        </message>
        <message>
            <source>Error</source>
            <translation>错误</translation>
        </message>
        <message>
            <source>Administrator login</source>
            <translation>管理员登录</translation>
        </message>
        <message>
            <source>Log in to the console database:</source>
            <translation>登录管理控制台数据库：</translation>
        </message>
        <message>
            <source>&amp;Log in</source>
            <translation>登录(&amp;L)</translation>
        </message>
        <message>
            <source>First run: create the super administrator</source>
            <translation>首次运行：创建超级管理员</translation>
        </message>
        <message>
            <source>This database has no administrator yet. Create the super administrator, who can then add the other administrators. The password needs at least 8 characters.</source>
            <translation>该数据库还没有管理员。请先创建超级管理员，之后可由其添加其他管理员。密码至少 8 位。</translation>
        </message>
        <message>
            <source>&amp;Create and log in</source>
            <translation>创建并登录(&amp;C)</translation>
        </message>
        <message>
            <source>&amp;Repeat password:</source>
            <translation>重复密码(&amp;R)：</translation>
        </message>
        <message>
            <source>Repeat password</source>
            <translation>重复密码</translation>
        </message>
        <message>
            <source>The two passwords differ.</source>
            <translation>两次输入的密码不一致。</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>Super administrator</source>
            <translation>超级管理员</translation>
        </message>
        <message>
            <source>Scoped administrator</source>
            <translation>分级管理员</translation>
        </message>
        <message>
            <source>Helpdesk</source>
            <translation>服务台</translation>
        </message>
        <message>
            <source>Auditor</source>
            <translation>审计员</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>文件(&amp;F)</translation>
        </message>
        <message>
            <source>&amp;Switch database…</source>
            <translation>切换数据库(&amp;S)…</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>退出(&amp;Q)</translation>
        </message>
        <message>
            <source>&amp;Edit</source>
            <translation>编辑(&amp;E)</translation>
        </message>
        <message>
            <source>&amp;Undo last change</source>
            <translation>撤销上一次变更(&amp;U)</translation>
        </message>
        <message>
            <source>Change &amp;history</source>
            <translation>变更历史(&amp;H)</translation>
        </message>
        <message>
            <source>&amp;View</source>
            <translation>视图(&amp;V)</translation>
        </message>
        <message>
            <source>&amp;Refresh</source>
            <translation>刷新(&amp;R)</translation>
        </message>
        <message>
            <source>Follow the &amp;system</source>
            <translation>跟随系统(&amp;S)</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>帮助(&amp;H)</translation>
        </message>
        <message>
            <source>&amp;About</source>
            <translation>关于(&amp;A)</translation>
        </message>
        <message>
            <source>Go to %1</source>
            <translation>转到“%1”</translation>
        </message>
        <message>
            <source>Main menu</source>
            <translation>主菜单</translation>
        </message>
        <message>
            <source>%1 (%2) · %3</source>
            <translation>%1（%2）· %3</translation>
        </message>
        <message>
            <source>Preparing the changes…</source>
            <translation>正在准备变更…</translation>
        </message>
        <message>
            <source>Nothing to change.</source>
            <translation>没有需要修改的内容。</translation>
        </message>
        <message>
            <source>Not applied.</source>
            <translation>未应用。</translation>
        </message>
        <message>
            <source>Applying the changes…</source>
            <translation>正在应用变更…</translation>
        </message>
        <message>
            <source>Applied change set #%1: %2 (%3)</source>
            <translation>已应用变更集 #%1：%2（%3）</translation>
        </message>
        <message>
            <source>Nothing to undo.</source>
            <translation>没有可撤销的变更。</translation>
        </message>
        <message>
            <source>Undo change set #%1</source>
            <translation>撤销变更集 #%1</translation>
        </message>
        <message>
            <source>About</source>
            <translation>关于</translation>
        </message>
        <message>
            <source>Administration console of a Youdu-style enterprise IM deployment.</source>
            <translation>有度即时通企业部署的管理后台。</translation>
        </message>
    </context>
    <context>
        <name>MemberEditor</name>
        <message>
            <source>Unlocked: %1 can log in again.</source>
            <translation>已解锁：%1 可以重新登录。</translation>
        </message>
        <message>
            <source>Edit member %1</source>
            <translation>修改成员 %1</translation>
        </message>
        <message>
            <source>New member</source>
            <translation>新增成员</translation>
        </message>
        <message>
            <source>Member %1</source>
            <translation>成员 %1</translation>
        </message>
        <message>
            <source>&amp;Reset password…</source>
            <translation>重置密码(&amp;R)…</translation>
        </message>
        <message>
            <source>&amp;Unlock</source>
            <translation>解锁(&amp;U)</translation>
        </message>
        <message>
            <source>&amp;Account:</source>
            <translation>帐号(&amp;A)：</translation>
        </message>
        <message>
            <source>&amp;Name:</source>
            <translation>名称(&amp;N)：</translation>
        </message>
        <message>
            <source>&amp;Gender:</source>
            <translation>性别(&amp;G)：</translation>
        </message>
        <message>
            <source>&amp;Mobile:</source>
            <translation>手机(&amp;M)：</translation>
        </message>
        <message>
            <source>&amp;Phone:</source>
            <translation>座机(&amp;P)：</translation>
        </message>
        <message>
            <source>&amp;Short number:</source>
            <translation>短号(&amp;S)：</translation>
        </message>
        <message>
            <source>&amp;E-mail:</source>
            <translation>邮箱(&amp;E)：</translation>
        </message>
        <message>
            <source>P&amp;osition:</source>
            <translation>职务(&amp;O)：</translation>
        </message>
        <message>
            <source>&amp;Weight:</source>
            <translation>权重(&amp;W)：</translation>
        </message>
        <message>
            <source>&amp;Departments:</source>
            <translation>部门(&amp;D)：</translation>
        </message>
        <message>
            <source>Initial pass&amp;word:</source>
            <translation>初始密码(&amp;W)：</translation>
        </message>
        <message>
            <source>Problem with this field</source>
            <translation>此项有误</translation>
        </message>
        <message>
            <source>Not given</source>
            <translation>未填写</translation>
        </message>
        <message>
            <source>Male</source>
            <translation>男</translation>
        </message>
        <message>
            <source>Female</source>
            <translation>女</translation>
        </message>
        <message>
            <source>A larger weight sorts first in the address book</source>
            <translation>权重值越大，在通讯录中显示越靠前</translation>
        </message>
        <message>
            <source>A&amp;dd…</source>
            <translation>添加(&amp;D)…</translation>
        </message>
        <message>
            <source>&amp;Remove</source>
            <translation>移除(&amp;R)</translation>
        </message>
        <message>
            <source>&amp;Save</source>
            <translation>保存(&amp;S)</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Optional; the password policy applies</source>
            <translation>可不填；须符合密码规则</translation>
        </message>
        <message>
            <source>An account cannot be renamed</source>
            <translation>帐号不能修改</translation>
        </message>
    </context>
    <context>
        <name>MemberPane</name>
        <message>
            <source>&amp;New member…</source>
            <translation>新增成员(&amp;N)…</translation>
        </message>
        <message>
            <source>&amp;Move members…</source>
            <translation>迁移成员(&amp;M)…</translation>
        </message>
        <message>
            <source>&amp;Edit…</source>
            <translation>修改(&amp;E)…</translation>
        </message>
        <message>
            <source>New member</source>
            <translation>新增成员</translation>
        </message>
        <message>
            <source>Login &amp;authorisation</source>
            <translation>登录授权(&amp;A)</translation>
        </message>
        <message>
            <source>Login authorisation</source>
            <translation>登录授权</translation>
        </message>
        <message>
            <source>Add to the &amp;authorised list</source>
            <translation>加入授权名单(&amp;A)</translation>
        </message>
        <message>
            <source>&amp;Revoke authorisation</source>
            <translation>取消授权(&amp;R)</translation>
        </message>
        <message>
            <source>Add to the &amp;disabled list</source>
            <translation>加入禁用名单(&amp;D)</translation>
        </message>
        <message>
            <source>&amp;Enable again</source>
            <translation>取消禁用(&amp;E)</translation>
        </message>
        <message>
            <source>&amp;Confidential…</source>
            <translation>保密设置(&amp;C)…</translation>
        </message>
        <message>
            <source>Reset &amp;password…</source>
            <translation>重置密码(&amp;P)…</translation>
        </message>
        <message>
            <source>De&amp;lete</source>
            <translation>删除(&amp;L)</translation>
        </message>
        <message>
            <source>Delete resigned members (only resigned members can be deleted)</source>
            <translation>删除离职成员（只能删除离职名单中的成员）</translation>
        </message>
        <message>
            <source>Re&amp;sign</source>
            <translation>离职(&amp;S)</translation>
        </message>
        <message>
            <source>Res&amp;tore</source>
            <translation>恢复(&amp;T)</translation>
        </message>
        <message>
            <source>&amp;Bulk import/export</source>
            <translation>批量导入导出(&amp;B)</translation>
        </message>
        <message>
            <source>S&amp;how:</source>
            <translation>显示(&amp;H)：</translation>
        </message>
        <message>
            <source>Active</source>
            <translation>在职</translation>
        </message>
        <message>
            <source>Resigned</source>
            <translation>已离职</translation>
        </message>
        <message>
            <source>All</source>
            <translation>全部</translation>
        </message>
        <message>
            <source>Which members to show</source>
            <translation>显示哪些成员</translation>
        </message>
        <message>
            <source>Include sub-depa&amp;rtments</source>
            <translation>包含子部门成员(&amp;R)</translation>
        </message>
        <message>
            <source>Also list the members of the department's sub-departments, as its count does</source>
            <translation>同时列出子部门的成员，与部门人数的统计一致</translation>
        </message>
        <message>
            <source>Members</source>
            <translation>成员</translation>
        </message>
        <message>
            <source>Member actions</source>
            <translation>成员操作</translation>
        </message>
        <message>
            <source>No member matches “%1”. Press Esc to clear the search.</source>
            <translation>没有与“%1”匹配的成员。按 Esc 清除搜索。</translation>
        </message>
        <message>
            <source>No members directly in this department: include its sub-departments to see theirs.</source>
            <translation>此部门没有直属成员：勾选“包含子部门成员”可查看子部门的成员。</translation>
        </message>
        <message>
            <source>No members in this department.</source>
            <translation>此部门暂无成员。</translation>
        </message>
        <message>
            <source>No members yet. Choose a department and add members with “New member…”, or import them.</source>
            <translation>还没有成员。选择一个部门后用“新增成员…”添加，或批量导入。</translation>
        </message>
        <message>
            <source>Move members</source>
            <translation>迁移成员</translation>
        </message>
        <message numerus="yes">
            <source>Move %n member(s) to:</source>
            <translation>
                <numerusform>将 %n 名成员迁移到：</numerusform>
            </translation>
        </message>
        <message>
            <source>Confidential fields</source>
            <translation>员工信息保密设置</translation>
        </message>
        <message>
            <source>Delete members</source>
            <translation>删除成员</translation>
        </message>
        <message>
            <source>Resign members</source>
            <translation>成员离职</translation>
        </message>
        <message>
            <source>Restore members</source>
            <translation>恢复成员</translation>
        </message>
        <message>
            <source>Weight</source>
            <translation>权重</translation>
        </message>
    </context>
    <context>
        <name>MemberStatus</name>
        <message>
            <source>Resigned</source>
            <translation>离职</translation>
        </message>
        <message>
            <source>Authorised</source>
            <translation>已授权</translation>
        </message>
        <message>
            <source>Disabled</source>
            <translation>已禁用</translation>
        </message>
        <message>
            <source>Not authorised</source>
            <translation>未授权</translation>
        </message>
        <message>
            <source>, locked</source>
            <translation>，已锁定</translation>
        </message>
        <message>
            <source>, online</source>
            <translation>，在线</translation>
        </message>
    </context>
    <context>
        <name>MessageMenusPanel</name>
        <message>
            <source>Text/emoji</source>
            <translation>文本/emoji</translation>
        </message>
        <message>
            <source>Image/rich text</source>
            <translation>图片/图文</translation>
        </message>
        <message>
            <source>File</source>
            <translation>文件</translation>
        </message>
        <message>
            <source>Copy</source>
            <translation>复制</translation>
        </message>
        <message>
            <source>Forward</source>
            <translation>转发</translation>
        </message>
        <message>
            <source>Recall</source>
            <translation>撤回</translation>
        </message>
        <message>
            <source>Send message</source>
            <translation>发消息</translation>
        </message>
        <message>
            <source>View profile</source>
            <translation>查看资料</translation>
        </message>
        <message>
            <source>Custom menus</source>
            <translation>自定义菜单</translation>
        </message>
        <message>
            <source>Items added to the client's right-click menu: the selected content is sent to the URL, the result shown in a window.</source>
            <translation>配置客户端会话窗口菜单项：选中的内容转出到对接系统的 URL，处理结果在弹出窗口中显示。</translation>
        </message>
        <message>
            <source>Conversation messages</source>
            <translation>会话消息</translation>
        </message>
        <message>
            <source>Personal information</source>
            <translation>个人信息</translation>
        </message>
        <message>
            <source>&amp;Add menu</source>
            <translation>添加菜单(&amp;A)</translation>
        </message>
        <message>
            <source>De&amp;lete</source>
            <translation>删除(&amp;L)</translation>
        </message>
        <message>
            <source>Menu item</source>
            <translation>菜单项</translation>
        </message>
        <message>
            <source>Menu name:</source>
            <translation>菜单名称：</translation>
        </message>
        <message>
            <source>Offered for:</source>
            <translation>菜单点击项：</translation>
        </message>
        <message>
            <source>URL:</source>
            <translation>URL：</translation>
        </message>
        <message>
            <source>Window size:</source>
            <translation>窗口大小：</translation>
        </message>
        <message>
            <source>The address the menu item opens</source>
            <translation>点击菜单项跳转的地址</translation>
        </message>
        <message>
            <source>Normal (680×560 px)</source>
            <translation>常规（680×560 像素）</translation>
        </message>
        <message>
            <source>Custom</source>
            <translation>自定义</translation>
        </message>
        <message>
            <source>&amp;Save</source>
            <translation>保存(&amp;S)</translation>
        </message>
        <message>
            <source>Preview</source>
            <translation>预览</translation>
        </message>
        <message>
            <source>Add menu</source>
            <translation>添加菜单</translation>
        </message>
        <message>
            <source>Change menu</source>
            <translation>修改菜单</translation>
        </message>
        <message>
            <source>Delete menu</source>
            <translation>删除菜单</translation>
        </message>
    </context>
    <context>
        <name>OfflineQueuePanel</name>
        <message>
            <source>Unlock</source>
            <translation>解锁</translation>
        </message>
        <message>
            <source>Reset password</source>
            <translation>重置密码</translation>
        </message>
        <message>
            <source>Waiting for the database</source>
            <translation>等待数据库恢复</translation>
        </message>
        <message>
            <source>Applied (change set #%1)</source>
            <translation>已执行（变更集 #%1）</translation>
        </message>
        <message>
            <source>Skipped</source>
            <translation>已跳过</translation>
        </message>
        <message>
            <source>Refused</source>
            <translation>已拒绝</translation>
        </message>
        <message>
            <source>Expired</source>
            <translation>已过期</translation>
        </message>
        <message>
            <source>Account or name (from the local snapshot)</source>
            <translation>帐号或姓名（本地快照）</translation>
        </message>
        <message>
            <source>Queue &amp;unlock</source>
            <translation>排队解锁(&amp;U)</translation>
        </message>
        <message>
            <source>Queue password &amp;reset…</source>
            <translation>排队重置密码(&amp;R)…</translation>
        </message>
        <message>
            <source>Re&amp;play now</source>
            <translation>立即执行(&amp;P)</translation>
        </message>
        <message>
            <source>Members in the local snapshot</source>
            <translation>本地快照中的成员</translation>
        </message>
        <message>
            <source>Queued requests and outcomes</source>
            <translation>排队的请求及结果</translation>
        </message>
        <message>
            <source>Queued requests: %1 waiting, %2 done</source>
            <translation>离线请求：%1 个等待中，%2 个已处理</translation>
        </message>
        <message>
            <source>No snapshot on this computer yet: it is taken at each connection.</source>
            <translation>本机还没有快照：每次连接数据库时生成。</translation>
        </message>
        <message>
            <source>Snapshot of %1 members taken %2 (%3 min ago); read-only.</source>
            <translation>快照含 %1 个成员，生成于 %2（%3 分钟前），只读。</translation>
        </message>
        <message>
            <source>The database cannot be reached: requests are queued, signed, and replayed when it is back.</source>
            <translation>无法连接数据库：请求将签名后排队，待数据库恢复后执行。</translation>
        </message>
    </context>
    <context>
        <name>Panels</name>
        <message>
            <source>Authorised / disabled lists</source>
            <translation>授权/禁用名单</translation>
        </message>
        <message>
            <source>Address book</source>
            <translation>通讯录</translation>
        </message>
        <message>
            <source>Change history</source>
            <translation>变更历史</translation>
        </message>
        <message>
            <source>Home</source>
            <translation>首页</translation>
        </message>
        <message>
            <source>Locked list</source>
            <translation>锁定名单</translation>
        </message>
        <message>
            <source>Groups</source>
            <translation>群管理</translation>
        </message>
        <message>
            <source>Enterprise apps</source>
            <translation>企业应用</translation>
        </message>
        <message>
            <source>Management tools</source>
            <translation>管理工具</translation>
        </message>
        <message>
            <source>My enterprise</source>
            <translation>我的企业</translation>
        </message>
        <message>
            <source>Backup and restore</source>
            <translation>备份和恢复</translation>
        </message>
        <message>
            <source>LDAP integration</source>
            <translation>LDAP 集成</translation>
        </message>
        <message>
            <source>Offline queue</source>
            <translation>离线队列</translation>
        </message>
        <message>
            <source>Visibility settings</source>
            <translation>可见性设置</translation>
        </message>
        <message>
            <source>Apps</source>
            <translation>应用管理</translation>
        </message>
        <message>
            <source>Custom menus</source>
            <translation>自定义菜单</translation>
        </message>
        <message>
            <source>Portal templates</source>
            <translation>应用门户模板</translation>
        </message>
        <message>
            <source>Mobile workbench</source>
            <translation>移动端工作台</translation>
        </message>
        <message>
            <source>System messages</source>
            <translation>系统消息</translation>
        </message>
        <message>
            <source>Sync approvals</source>
            <translation>同步审批</translation>
        </message>
        <message>
            <source>Feedback</source>
            <translation>意见反馈</translation>
        </message>
        <message>
            <source>Announcements</source>
            <translation>通知公告</translation>
        </message>
        <message>
            <source>Administrators</source>
            <translation>管理员</translation>
        </message>
    </context>
    <context>
        <name>PasswordDialog</name>
        <message>
            <source>Reset the password of %1</source>
            <translation>重置 %1 的密码</translation>
        </message>
        <message>
            <source>&amp;New password:</source>
            <translation>新密码(&amp;N)：</translation>
        </message>
        <message>
            <source>&amp;Repeat:</source>
            <translation>重复(&amp;R)：</translation>
        </message>
        <message>
            <source>&amp;Must change it at the next login</source>
            <translation>下次登录时必须修改密码(&amp;M)</translation>
        </message>
        <message>
            <source>New password</source>
            <translation>新密码</translation>
        </message>
        <message>
            <source>Repeat the new password</source>
            <translation>重复新密码</translation>
        </message>
        <message>
            <source>The two passwords differ.</source>
            <translation>两次输入的密码不一致。</translation>
        </message>
    </context>
    <context>
        <name>PortalPanel</name>
        <message>
            <source>Portal templates (%1)</source>
            <translation>应用门户模板（%1）</translation>
        </message>
        <message>
            <source>&amp;New template</source>
            <translation>新建模板(&amp;N)</translation>
        </message>
        <message>
            <source>De&amp;lete</source>
            <translation>删除(&amp;L)</translation>
        </message>
        <message>
            <source>Template name:</source>
            <translation>模板名称：</translation>
        </message>
        <message>
            <source>Group of the selected app:</source>
            <translation>所选应用的分组：</translation>
        </message>
        <message>
            <source>Members:</source>
            <translation>成员：</translation>
        </message>
        <message>
            <source>Departments:</source>
            <translation>部门：</translation>
        </message>
        <message>
            <source>Enabled</source>
            <translation>启用</translation>
        </message>
        <message>
            <source>Apps (drag to reorder)</source>
            <translation>应用（拖动排序）</translation>
        </message>
        <message>
            <source>Who uses this template</source>
            <translation>使用人员</translation>
        </message>
        <message>
            <source>See the portal as a member</source>
            <translation>以成员身份预览工作门户</translation>
        </message>
        <message>
            <source>&amp;Add</source>
            <translation>添加(&amp;A)</translation>
        </message>
        <message>
            <source>&amp;Remove</source>
            <translation>移除(&amp;R)</translation>
        </message>
        <message>
            <source>e.g. Office (empty: no group)</source>
            <translation>例如：办公（留空则不分组）</translation>
        </message>
        <message>
            <source>Accounts, comma separated</source>
            <translation>帐号，用逗号分隔</translation>
        </message>
        <message>
            <source>Add department…</source>
            <translation>添加部门…</translation>
        </message>
        <message>
            <source>Remove</source>
            <translation>移除</translation>
        </message>
        <message>
            <source>A department includes its sub-departments</source>
            <translation>部门包含其子部门</translation>
        </message>
        <message>
            <source>&amp;Save template</source>
            <translation>保存模板(&amp;S)</translation>
        </message>
        <message>
            <source>Member account</source>
            <translation>成员帐号</translation>
        </message>
        <message>
            <source>&amp;Preview</source>
            <translation>预览(&amp;P)</translation>
        </message>
        <message>
            <source>All terminals</source>
            <translation>全部终端</translation>
        </message>
        <message>
            <source>Desktop</source>
            <translation>桌面端</translation>
        </message>
        <message>
            <source>Mobile</source>
            <translation>移动端</translation>
        </message>
        <message>
            <source>Add a department to the audience</source>
            <translation>添加使用部门</translation>
        </message>
        <message>
            <source>New portal template</source>
            <translation>新建应用门户模板</translation>
        </message>
        <message>
            <source>Change portal template</source>
            <translation>修改应用门户模板</translation>
        </message>
        <message>
            <source>Delete template</source>
            <translation>删除模板</translation>
        </message>
        <message>
            <source>%1 sees %2 apps</source>
            <translation>%1 可使用 %2 个应用</translation>
        </message>
        <message>
            <source>From template %1</source>
            <translation>来自模板 %1</translation>
        </message>
    </context>
    <context>
        <name>PreviewDialog</name>
        <message>
            <source>Review changes</source>
            <translation>确认变更</translation>
        </message>
        <message>
            <source>Will change: %1</source>
            <translation>将要变更：%1</translation>
        </message>
        <message>
            <source>Errors (these entries will not be changed):</source>
            <translation>错误（这些条目不会被修改）：</translation>
        </message>
        <message>
            <source>&amp;Apply</source>
            <translation>应用(&amp;A)</translation>
        </message>
        <message>
            <source>Apply the changes</source>
            <translation>应用这些变更</translation>
        </message>
        <message>
            <source>&amp;Cancel</source>
            <translation>取消(&amp;C)</translation>
        </message>
        <message>
            <source>&amp;Close</source>
            <translation>关闭(&amp;C)</translation>
        </message>
        <message>
            <source>Operations</source>
            <translation>操作</translation>
        </message>
        <message>
            <source>Errors</source>
            <translation>错误</translation>
        </message>
    </context>
    <context>
        <name>QFileDialog</name>
        <message>
            <source>&amp;Look in:</source>
            <translation>查找范围(&amp;L)：</translation>
        </message>
        <message>
            <source>Files of &amp;type:</source>
            <translation>文件类型(&amp;T)：</translation>
        </message>
    </context>
    <context>
        <name>SensitiveWordsPage</name>
        <message>
            <source>Test: type a message</source>
            <translation>测试：输入一条消息</translation>
        </message>
        <message>
            <source>A message as a member would send it</source>
            <translation>成员要发送的消息</translation>
        </message>
        <message>
            <source>The result appears here as you type.</source>
            <translation>输入时在此显示结果。</translation>
        </message>
        <message>
            <source>Protection is off: sent as typed: %1</source>
            <translation>敏感信息保护未开启，原样发送：%1</translation>
        </message>
        <message>
            <source>Blocked: the message holds %1 and is not sent.</source>
            <translation>消息拦截：含有敏感词 %1，不予发送。</translation>
        </message>
        <message>
            <source>Sent as: %1</source>
            <translation>发送为：%1</translation>
        </message>
        <message>
            <source>No sensitive word: sent as typed: %1</source>
            <translation>没有敏感词，原样发送：%1</translation>
        </message>
    </context>
    <context>
        <name>SettingsPage</name>
        <message>
            <source>manual section %1</source>
            <translation>手册 %1 节</translation>
        </message>
        <message>
            <source>On</source>
            <translation>开启</translation>
        </message>
        <message>
            <source>Never expires</source>
            <translation>永不过期</translation>
        </message>
        <message>
            <source>One item per line</source>
            <translation>每行一项</translation>
        </message>
        <message>
            <source>Seats in use / limit: %1/%2</source>
            <translation>已使用/人数上限：%1/%2</translation>
        </message>
        <message>
            <source>&amp;Save</source>
            <translation>保存(&amp;S)</translation>
        </message>
        <message>
            <source>&amp;Discard changes</source>
            <translation>放弃修改(&amp;D)</translation>
        </message>
        <message>
            <source>Your role may read these settings but not change them.</source>
            <translation>当前角色只能查看这些设置，不能修改。</translation>
        </message>
        <message>
            <source>Line %1: “%2” is not valid here</source>
            <translation>第 %1 行：“%2”无效</translation>
        </message>
        <message>
            <source>Nothing to change.</source>
            <translation>没有需要修改的内容。</translation>
        </message>
        <message>
            <source>The settings on this page have unsaved changes.</source>
            <translation>本页的设置有未保存的修改。</translation>
        </message>
        <message>
            <source>Save them before leaving?</source>
            <translation>离开前是否保存？</translation>
        </message>
    </context>
    <context>
        <name>SettingsPages</name>
        <message>
            <source>Enterprise information</source>
            <translation>企业信息</translation>
        </message>
        <message>
            <source>Chat management</source>
            <translation>聊天管理</translation>
        </message>
        <message>
            <source>Address book management</source>
            <translation>通讯录管理</translation>
        </message>
        <message>
            <source>Permissions</source>
            <translation>权限管理</translation>
        </message>
        <message>
            <source>Account security</source>
            <translation>账号安全</translation>
        </message>
        <message>
            <source>Information security</source>
            <translation>信息安全</translation>
        </message>
        <message>
            <source>Advanced settings</source>
            <translation>高级设置</translation>
        </message>
        <message>
            <source>LDAP integration</source>
            <translation>LDAP 集成</translation>
        </message>
        <message>
            <source>File transfers</source>
            <translation>文件传输权限</translation>
        </message>
        <message>
            <source>Sensitive words</source>
            <translation>敏感信息保护</translation>
        </message>
    </context>
    <context>
        <name>SystemMessages</name>
        <message>
            <source>Members online</source>
            <translation>在线成员</translation>
        </message>
        <message>
            <source>Everyone</source>
            <translation>所有用户</translation>
        </message>
        <message>
            <source>Send a system message</source>
            <translation>发送系统消息</translation>
        </message>
        <message>
            <source>A text notice to everyone or to the members online, sent as sysMsgAssistant. Implicit links: [title|URL|ACTION], ACTION 1 when the client must add its identity token, 0 when not.</source>
            <translation>可以对全员或者在线成员发送文本通知（以 sysMsgAssistant 发送）。隐式链接格式：[标题|链接地址|ACTION]；ACTION 为 1：需要有度客户端带上身份认证 token，0：不需要。</translation>
        </message>
        <message>
            <source>&amp;Title:</source>
            <translation>消息标题(&amp;T)：</translation>
        </message>
        <message>
            <source>Co&amp;ntent:</source>
            <translation>消息内容(&amp;N)：</translation>
        </message>
        <message>
            <source>Recipients:</source>
            <translation>接收人：</translation>
        </message>
        <message>
            <source>&amp;All users</source>
            <translation>所有用户(&amp;A)</translation>
        </message>
        <message>
            <source>&amp;Online users</source>
            <translation>在线用户(&amp;O)</translation>
        </message>
        <message>
            <source>Window stays:</source>
            <translation>窗口停留时间：</translation>
        </message>
        <message>
            <source>&amp;Until closed</source>
            <translation>不消失(&amp;U)</translation>
        </message>
        <message>
            <source>&amp;Custom time</source>
            <translation>自定义时间(&amp;C)</translation>
        </message>
        <message>
            <source> s</source>
            <translation> 秒</translation>
        </message>
        <message>
            <source>Seconds (6 to 3600)</source>
            <translation>秒数（6 至 3600）</translation>
        </message>
        <message>
            <source>&amp;Preview:</source>
            <translation>预览(&amp;P)：</translation>
        </message>
        <message>
            <source>&amp;Send</source>
            <translation>发送(&amp;S)</translation>
        </message>
        <message>
            <source>System messages: sent by administrators and by apps through the server API</source>
            <translation>系统消息：管理员发送的和应用通过服务端 API 发送的</translation>
        </message>
        <message>
            <source>Send a system &amp;message…</source>
            <translation>发送系统消息(&amp;M)…</translation>
        </message>
        <message>
            <source>&amp;Refresh</source>
            <translation>刷新(&amp;R)</translation>
        </message>
        <message>
            <source>System messages</source>
            <translation>系统消息</translation>
        </message>
    </context>
    <context>
        <name>VisibilityPanel</name>
        <message>
            <source>Hide departments/members</source>
            <translation>隐藏部门/成员</translation>
        </message>
        <message>
            <source>Restrict to own department</source>
            <translation>限制查看外部门</translation>
        </message>
        <message>
            <source>Forbid seeing anyone</source>
            <translation>禁止查看所有人</translation>
        </message>
        <message>
            <source>Hidden departments and members are not shown in the address book (whitelist possible).</source>
            <translation>被隐藏的部门或成员，不会显示在通讯录中（可添加白名单）。</translation>
        </message>
        <message>
            <source>Restricted departments and members see only their own department (whitelist and extra visible departments or members possible).</source>
            <translation>被限制的部门或成员只能查看本部门通讯录（可添加白名单/额外可见的部门或成员）。</translation>
        </message>
        <message>
            <source>Forbidden departments and members cannot see the address book.</source>
            <translation>被禁止的部门或成员，不能看到通讯录。</translation>
        </message>
        <message>
            <source>Edit visibility rule</source>
            <translation>修改可见性规则</translation>
        </message>
        <message>
            <source>New visibility rule</source>
            <translation>新建可见性规则</translation>
        </message>
        <message>
            <source>Rule &amp;name:</source>
            <translation>规则名称(&amp;N)：</translation>
        </message>
        <message>
            <source>&amp;Type:</source>
            <translation>类型(&amp;T)：</translation>
        </message>
        <message>
            <source>Departments (with sub-departments), one path per line</source>
            <translation>部门（含子部门），每行一个路径</translation>
        </message>
        <message>
            <source>Members, one account per line</source>
            <translation>成员，每行一个帐号</translation>
        </message>
        <message>
            <source>Hidden:</source>
            <translation>隐藏：</translation>
        </message>
        <message>
            <source>Applies to:</source>
            <translation>限制对象：</translation>
        </message>
        <message>
            <source>Whitelist (still see them):</source>
            <translation>白名单（仍可看到）：</translation>
        </message>
        <message>
            <source>Whitelist (not limited):</source>
            <translation>白名单（不受限制）：</translation>
        </message>
        <message>
            <source>Extra visible:</source>
            <translation>额外可见：</translation>
        </message>
        <message>
            <source>Rules combine: a forbidden viewer sees nobody; restricted viewers see their own departments and the extras of every rule that restricts them; what a hide rule hides stays hidden except from its whitelist. Everyone sees themselves.</source>
            <translation>规则可组合使用：被禁止查看所有人的成员看不到任何人；被限制的成员只能看到本部门，以及限制他的各条规则中的额外可见部门和成员；被隐藏的部门和成员对白名单以外的人始终隐藏。每个人都能看到自己。</translation>
        </message>
        <message>
            <source>&amp;New rule…</source>
            <translation>新建规则(&amp;N)…</translation>
        </message>
        <message>
            <source>&amp;Edit…</source>
            <translation>修改(&amp;E)…</translation>
        </message>
        <message>
            <source>&amp;Delete</source>
            <translation>删除(&amp;D)</translation>
        </message>
        <message>
            <source>Visibility rule</source>
            <translation>可见性规则</translation>
        </message>
        <message>
            <source>Delete visibility rules</source>
            <translation>删除可见性规则</translation>
        </message>
        <message>
            <source>See the address book as &amp;member:</source>
            <translation>以成员身份查看通讯录(&amp;M)：</translation>
        </message>
        <message>
            <source>Account</source>
            <translation>帐号</translation>
        </message>
        <message>
            <source>&amp;Show</source>
            <translation>查看(&amp;S)</translation>
        </message>
        <message>
            <source>Also list hidden items (greyed, with the rule)</source>
            <translation>同时列出被隐藏的项（灰色，并注明规则）</translation>
        </message>
        <message>
            <source>Department</source>
            <translation>部门</translation>
        </message>
        <message>
            <source>Hidden by rule</source>
            <translation>隐藏它的规则</translation>
        </message>
        <message>
            <source>Type an account to see what that member's client shows.</source>
            <translation>输入帐号，查看该成员的客户端能显示的通讯录。</translation>
        </message>
        <message>
            <source>Reading what this member sees…</source>
            <translation>正在读取该成员能看到的内容…</translation>
        </message>
        <message>
            <source>%1 (%2)</source>
            <translation>%1（%2）</translation>
        </message>
        <message>
            <source>%1 (%2) sees %3 departments and %4 members.</source>
            <translation>%1（%2）可以看到 %3 个部门、%4 名成员。</translation>
        </message>
        <message>
            <source>Limited by rule %1.</source>
            <translation>受规则 %1 限制。</translation>
        </message>
        <message>
            <source>(path only)</source>
            <translation>（仅显示路径）</translation>
        </message>
        <message>
            <source>Visibility settings</source>
            <translation>可见性设置</translation>
        </message>
        <message>
            <source>Rules</source>
            <translation>规则</translation>
        </message>
        <message>
            <source>See as member</source>
            <translation>以成员身份查看</translation>
        </message>
    </context>
    <context>
        <name>WorkbenchPanel</name>
        <message>
            <source>Mobile workbench</source>
            <translation>移动端工作台</translation>
        </message>
        <message>
            <source>The corporate image and name shown at the top of the workbench on phones.</source>
            <translation>移动端工作台顶部的企业形象图片和企业名称。</translation>
        </message>
        <message>
            <source>Enterprise name:</source>
            <translation>企业名称：</translation>
        </message>
        <message>
            <source>Choose &amp;image…</source>
            <translation>选择图片(&amp;I)…</translation>
        </message>
        <message>
            <source>&amp;Save</source>
            <translation>保存(&amp;S)</translation>
        </message>
        <message>
            <source>(enterprise name)</source>
            <translation>（企业名称）</translation>
        </message>
        <message>
            <source>Choose an image</source>
            <translation>选择图片</translation>
        </message>
    </context>
</TS>
