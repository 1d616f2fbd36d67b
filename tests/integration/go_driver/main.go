// A driver of the MIT Go client of the Youdu server API (github.com/addcnos/youdu/v2, unchanged): it runs
// the acceptance steps against serve-api and prints one JSON object of what the client got back.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strconv"

	youdu "github.com/addcnos/youdu/v2"
)

// badToken replaces the accessToken of every request after gettoken (the client keeps its token private).
type badToken struct{}

func (badToken) RoundTrip(r *http.Request) (*http.Response, error) {
	q := r.URL.Query()
	if q.Get("accessToken") != "" {
		q.Set("accessToken", "0123456789abcdef0123456789abcdef")
		r.URL.RawQuery = q.Encode()
	}
	return http.DefaultTransport.RoundTrip(r)
}

func code(err error) int {
	var e *youdu.Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err != nil {
		return -999
	}
	return 0
}

func main() {
	addr, buin := os.Args[1], 1
	orgKey, msgKey := os.Args[2], os.Args[3]
	ctx := context.Background()
	out := map[string]interface{}{}
	fail := func(step string, err error) {
		out["failed"] = step
		out["error"] = fmt.Sprint(err)
		b, _ := json.Marshal(out)
		fmt.Println(string(b))
		os.Exit(1)
	}
	org := youdu.NewClient(&youdu.Config{Addr: addr, Buin: buin, AppID: "sysOrgAssistant", AesKey: orgKey})

	dept, err := org.CreateDept(ctx, youdu.CreateDeptRequest{Name: "研发部", SortID: 3, Alias: "rd"})
	if err != nil {
		fail("dept create", err)
	}
	out["dept_id"] = dept.ID
	sub, err := org.CreateDept(ctx, youdu.CreateDeptRequest{Name: "后端组", ParentID: dept.ID, ID: 7001})
	if err != nil {
		fail("sub-dept create", err)
	}
	out["sub_id"] = sub.ID
	_, err = org.CreateDept(ctx, youdu.CreateDeptRequest{Name: "孤儿", ParentID: 999999})
	out["missing_parent_code"] = code(err)
	upd, err := org.UpdateDept(ctx, youdu.UpdateDeptRequest{ID: sub.ID, Name: "平台组", ParentID: dept.ID, SortID: 5})
	if err != nil || upd.ErrCode != 0 {
		fail("dept update", fmt.Errorf("%v %v", err, upd))
	}
	list, err := org.GetDeptList(ctx, dept.ID)
	if err != nil {
		fail("dept list", err)
	}
	out["dept_list"] = list.DeptList
	byAlias, err := org.GetDeptIDByAlias(ctx, "rd")
	if err != nil {
		fail("dept getid", err)
	}
	out["alias_id"] = byAlias.ID

	created, err := org.CreateUser(ctx, youdu.CreateUserRequest{UserID: "zhangsan", Name: "张三", Gender: 1,
		Mobile: "13800138000", Email: "zs@example.com", Dept: []int{dept.ID, sub.ID}})
	if err != nil {
		fail("user create", err)
	}
	out["create_code"] = created.ErrCode
	dup, err := org.CreateUser(ctx, youdu.CreateUserRequest{UserID: "zhangsan", Name: "张三", Dept: []int{dept.ID}})
	if err != nil {
		fail("duplicate user create", err)
	}
	out["duplicate_code"] = dup.ErrCode
	pos, err := org.UpdateUserPosition(ctx, youdu.UpdateUserPositionRequest{UserID: "zhangsan", DeptID: sub.ID,
		Position: "架构师", Weight: 50})
	if err != nil {
		fail("position update", err)
	}
	out["position_code"] = pos.ErrCode
	user, err := org.GetUser(ctx, "zhangsan")
	if err != nil {
		fail("user get", err)
	}
	out["user"] = user
	u2, err := org.UpdateUser(ctx, youdu.UpdateUserRequest{UserID: "zhangsan", Name: "张三丰", Gender: 0,
		Mobile: "13800138001", Dept: []int{sub.ID}})
	if err != nil {
		fail("user update", err)
	}
	out["update_code"] = u2.ErrCode
	members, err := org.GetDeptUserList(ctx, sub.ID)
	if err != nil {
		fail("user list", err)
	}
	out["members"] = members.UserList
	st, err := org.UpdateUserEnableState(ctx, youdu.UpdateUserEnableStateRequest{UserIDList: []string{"zhangsan"},
		EnableState: youdu.EnableAuthorizedState})
	if err != nil {
		fail("enable state update", err)
	}
	out["state_update_code"] = st.ErrCode
	state, err := org.GetUserEnableState(ctx, "zhangsan")
	if err != nil {
		fail("enable state", err)
	}
	out["enable_state"] = state.EnableState

	msg := youdu.NewClient(&youdu.Config{Addr: addr, Buin: buin, AppID: "sysMsgAssistant", AesKey: msgKey})
	sent, err := msg.SendSysMessage(ctx, youdu.MessageSysMessageRequest{ToUser: "zhangsan",
		SysMsg: youdu.MessageSysMessageSysMsg{Title: "系统通知", Msg: []youdu.MessageSysMessageSysMsgMsg{
			{Text: youdu.MessageText{Content: "今晚 22:00 升级"}}}}})
	if err != nil {
		fail("sysmsg", err)
	}
	out["sysmsg_code"] = sent.ErrCode
	denied, err := msg.CreateUser(ctx, youdu.CreateUserRequest{UserID: "lisi", Name: "李四", Dept: []int{dept.ID}})
	if err != nil {
		fail("create by msg app", err)
	}
	out["msg_app_org_write_code"] = denied.ErrCode

	bad := youdu.NewClient(&youdu.Config{Addr: addr, Buin: buin, AppID: "sysOrgAssistant", AesKey: orgKey},
		youdu.WithHTTPClient(&http.Client{Transport: badToken{}}))
	_, err = bad.GetUser(ctx, "zhangsan")
	out["bad_token_code"] = code(err)

	del, err := org.DeleteUser(ctx, "zhangsan")
	if err != nil {
		fail("user delete", err)
	}
	out["delete_code"] = del.ErrCode
	_, err = org.GetUser(ctx, "zhangsan")
	out["deleted_user_code"] = code(err)
	dd, err := org.DeleteDept(ctx, sub.ID)
	if err != nil {
		fail("dept delete", err)
	}
	out["dept_delete_code"] = dd.ErrCode
	out["ok"] = strconv.FormatBool(true)
	b, _ := json.Marshal(out)
	fmt.Println(string(b))
}
