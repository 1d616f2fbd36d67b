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
        <source>Account / name</source>
        <translation>帐号/用户名</translation>
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
</context>
<context>
    <name>ChangeDetail</name>
    <message>
        <source>(top level)</source>
        <translation>（顶级）</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
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
        <source>Testing the connection…</source>
        <translation>正在测试连接…</translation>
    </message>
    <message>
        <source>Testing</source>
        <translation>测试连接</translation>
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
        <source>Choose a department to see its members, or search.</source>
        <translation>选择部门查看成员，或进行搜索。</translation>
    </message>
    <message>
        <source>Search “%1”: %2 found</source>
        <translation>搜索“%1”：找到 %2 人</translation>
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
    <name>Jobs</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>LockoutPanel</name>
    <message>
        <source>Locked accounts(%1)</source>
        <translation>锁定名单(%1)</translation>
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
        <source>Youdu Console</source>
        <translation>有度管理控制台</translation>
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
        <source>Applied change set #%1: %2</source>
        <translation>已应用变更集 #%1：%2</translation>
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
        <source>Edit member %1</source>
        <translation>修改成员 %1</translation>
    </message>
    <message>
        <source>New member</source>
        <translation>新增成员</translation>
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
        <source>Members</source>
        <translation>成员</translation>
    </message>
    <message>
        <source>Member actions</source>
        <translation>成员操作</translation>
    </message>
    <message>
        <source>Move members</source>
        <translation>迁移成员</translation>
    </message>
    <message>
        <source>Move %1 member(s) to:</source>
        <translation>将 %1 名成员迁移到：</translation>
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
        <source>Never</source>
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
        <source>Nothing to change.</source>
        <translation>没有需要修改的内容。</translation>
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
</context>
</TS>
