"""我的企业 / 可见性设置 (manual 5.3.1): the rules editor, and "see the address book as member X".

The rules tab lists the rules (hide, restrict to own department, forbid seeing anyone) with what each names,
its whitelist and its extra visible items; adding and editing go through a dialog, every write through the
window's `run_change`. The second tab asks the policy engine what one member's client shows: the department
tree and the member list as that member sees them; with "show hidden items" on, what the member cannot see
is listed too, greyed, with the rule that hid it in its own column and as the tooltip.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from youdu_console.gui.dialogs.common import RetranslateMixin
from youdu_console.gui.i18n import error_text, fill, number, translate
from youdu_console.gui.models.rows import Column, Index, RowTableModel
from youdu_console.gui.panels.base import Panel, list_view
from youdu_console.gui.panels.registry import PanelSpec, register
from youdu_console.gui.session import Session
from youdu_console.policy.visibility import ask
from youdu_console.services.changes import ChangeSet
from youdu_console.services.visibility import RuleView, Targets, VisibilityService

if TYPE_CHECKING:
    from youdu_console.gui.main_window import MainWindow

KINDS = {"hide": QT_TRANSLATE_NOOP("VisibilityPanel", "Hide departments/members"),
         "restrict": QT_TRANSLATE_NOOP("VisibilityPanel", "Restrict to own department"),
         "forbid": QT_TRANSLATE_NOOP("VisibilityPanel", "Forbid seeing anyone")}
KIND_HELP = {"hide": QT_TRANSLATE_NOOP("VisibilityPanel", "Hidden departments and members are not shown in the "
                                                          "address book (whitelist possible)."),
             "restrict": QT_TRANSLATE_NOOP("VisibilityPanel", "Restricted departments and members see only their own "
                                                              "department (whitelist and extra visible departments "
                                                              "or members possible)."),
             "forbid": QT_TRANSLATE_NOOP("VisibilityPanel", "Forbidden departments and members cannot see the "
                                                            "address book.")}


def kind_text(kind: str) -> str:
    return translate("VisibilityPanel", KINDS[kind]) if kind in KINDS else kind


def _targets_text(t: Targets) -> str:
    return "、".join([*t.depts, *t.members])


class RuleModel(RowTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([
            Column("name", QT_TRANSLATE_NOOP("Columns", "Rule"), lambda r: r.name),
            Column("kind", QT_TRANSLATE_NOOP("Columns", "Kind"), lambda r: kind_text(r.kind)),
            Column("subjects", QT_TRANSLATE_NOOP("Columns", "Departments / members"), lambda r: _targets_text(r.subjects)),
            Column("whitelist", QT_TRANSLATE_NOOP("Columns", "Whitelist"), lambda r: _targets_text(r.whitelist)),
            Column("extra", QT_TRANSLATE_NOOP("Columns", "Extra visible"), lambda r: _targets_text(r.extra)),
        ], key=lambda r: r.name, parent=parent)


@dataclass(frozen=True)
class SeenMember:
    account: str
    name: str
    departments: str
    rule: str  # empty when shown; else "rule (kind)"


class SeenMemberModel(RowTableModel):
    """The members as X sees them; hidden ones (when asked for) greyed, with the rule that hid them."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([
            Column("account", QT_TRANSLATE_NOOP("Columns", "Account"), lambda m: m.account),
            Column("name", QT_TRANSLATE_NOOP("Columns", "Name"), lambda m: m.name),
            Column("departments", QT_TRANSLATE_NOOP("Columns", "Department"), lambda m: m.departments),
            Column("rule", QT_TRANSLATE_NOOP("Columns", "Hidden by rule"), lambda m: m.rule,
                   tooltip=lambda m: m.rule or None),
        ], key=lambda m: m.account, parent=parent)

    def flags(self, index: Index) -> Qt.ItemFlag:
        """A hidden member's row is disabled: drawn greyed in the current palette (light or dark)."""
        flags = super().flags(index)
        if index.isValid() and 0 <= index.row() < len(self.rows) and self.rows[index.row()].rule:
            flags &= ~Qt.ItemFlag.ItemIsEnabled
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid() and 0 <= index.row() < len(self.rows):
            return self.rows[index.row()].rule or None
        return super().data(index, role)


class RuleDialog(RetranslateMixin, QDialog):
    """Add or edit one rule: its kind, and the departments (with sub-departments) and accounts of each part."""

    PARTS = ("subjects", "whitelist", "extra")

    def __init__(self, parent: QWidget, rule: RuleView | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("visibility_rule_dialog")
        self.rule = rule
        self.name = QLineEdit(self)
        self.name.setObjectName("rule_name")
        self.name.setMaxLength(64)
        self.kind = QComboBox(self)
        self.kind.setObjectName("rule_kind")
        for kind in KINDS:
            self.kind.addItem("", kind)
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.help = QLabel(self)
        self.help.setWordWrap(True)
        self.help.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.labels: dict[str, QLabel] = {}
        self.boxes: dict[tuple[str, str], QPlainTextEdit] = {}
        grid = QGridLayout()
        self.heads = (QLabel(self), QLabel(self))
        grid.addWidget(self.heads[0], 0, 1)
        grid.addWidget(self.heads[1], 0, 2)
        for row, part in enumerate(self.PARTS, 1):
            label = QLabel(self)
            self.labels[part] = label
            grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            for col, what in enumerate(("depts", "members"), 1):
                box = QPlainTextEdit(self)
                box.setObjectName(f"rule_{part}_{what}")
                box.setTabChangesFocus(True)
                box.setFixedHeight(box.fontMetrics().lineSpacing() * 4 + 12)
                box.setMinimumWidth(box.fontMetrics().horizontalAdvance("x" * 32))
                self.boxes[(part, what)] = box
                grid.addWidget(box, row, col)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        top = QGridLayout()
        self.name_label, self.kind_label = QLabel(self), QLabel(self)
        self.name_label.setBuddy(self.name)
        self.kind_label.setBuddy(self.kind)
        top.addWidget(self.name_label, 0, 0)
        top.addWidget(self.name, 0, 1)
        top.addWidget(self.kind_label, 1, 0)
        top.addWidget(self.kind, 1, 1)
        top.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.help)
        layout.addLayout(grid)
        layout.addWidget(self.buttons)
        if rule is not None:
            self.name.setText(rule.name)
            self.kind.setCurrentIndex(max(0, self.kind.findData(rule.kind)))
            for part in self.PARTS:
                targets: Targets = getattr(rule, part)
                self.boxes[(part, "depts")].setPlainText("\n".join(targets.depts))
                self.boxes[(part, "members")].setPlainText("\n".join(targets.members))
        self.retranslate()
        self._kind_changed()

    def retranslate(self) -> None:
        self.setWindowTitle(translate("VisibilityPanel", "Edit visibility rule") if self.rule
                            else translate("VisibilityPanel", "New visibility rule"))
        self.name_label.setText(translate("VisibilityPanel", "Rule &name:"))
        self.kind_label.setText(translate("VisibilityPanel", "&Type:"))
        for i, kind in enumerate(KINDS):
            self.kind.setItemText(i, kind_text(kind))
        self.heads[0].setText(translate("VisibilityPanel", "Departments (with sub-departments), one path per line"))
        self.heads[1].setText(translate("VisibilityPanel", "Members, one account per line"))
        self._kind_changed()

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        self.help.setText(translate("VisibilityPanel", KIND_HELP.get(kind, "")))
        self.labels["subjects"].setText(translate("VisibilityPanel", "Hidden:") if kind == "hide"
                                        else translate("VisibilityPanel", "Applies to:"))
        self.labels["whitelist"].setText(translate("VisibilityPanel", "Whitelist (still see them):") if kind == "hide"
                                         else translate("VisibilityPanel", "Whitelist (not limited):"))
        self.labels["extra"].setText(translate("VisibilityPanel", "Extra visible:"))
        for what in ("depts", "members"):
            self.boxes[("extra", what)].setEnabled(kind == "restrict")
        self.labels["extra"].setEnabled(kind == "restrict")

    def targets(self, part: str) -> Targets:
        def lines(what: str) -> tuple[str, ...]:
            text = self.boxes[(part, what)].toPlainText()
            return tuple(line.strip() for line in text.splitlines() if line.strip())

        return Targets(lines("depts"), lines("members"))

    def values(self) -> tuple[str, str, Targets, Targets, Targets]:
        return (self.name.text(), str(self.kind.currentData()), self.targets("subjects"), self.targets("whitelist"),
                self.targets("extra") if self.kind.currentData() == "restrict" else Targets())


class RulesTab(QWidget):
    def __init__(self, panel: VisibilityPanel) -> None:
        super().__init__(panel)
        self.panel = panel
        self.model = RuleModel(self)
        self.view = list_view(self, "visibility_rules_table", multi=True)
        self.view.setModel(self.model)
        self.view.doubleClicked.connect(lambda _i: self.edit_rule())
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.add_button = QPushButton(self)
        self.add_button.setObjectName("visibility_add")
        self.add_button.clicked.connect(self.add_rule)
        self.edit_button = QPushButton(self)
        self.edit_button.setObjectName("visibility_edit")
        self.edit_button.clicked.connect(self.edit_rule)
        self.delete_button = QPushButton(self)
        self.delete_button.setObjectName("visibility_delete")
        self.delete_button.clicked.connect(self.delete_rules)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        buttons = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.delete_button):
            b.setVisible(panel.writable)
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)
        self.dialog: RuleDialog | None = None
        self._enable()

    def retranslate(self) -> None:
        self.intro.setText(translate("VisibilityPanel", "Rules combine: a forbidden viewer sees nobody; restricted "
                                                        "viewers see their own departments and the extras of every "
                                                        "rule that restricts them; what a hide rule hides stays hidden "
                                                        "except from its whitelist. Everyone sees themselves."))
        self.add_button.setText(translate("VisibilityPanel", "&New rule…"))
        self.edit_button.setText(translate("VisibilityPanel", "&Edit…"))
        self.delete_button.setText(translate("VisibilityPanel", "&Delete"))
        self.model.retranslate()

    def _selected(self) -> list[RuleView]:
        return self.model.rows_for(self.view.selectionModel().selectedRows())

    def _enable(self) -> None:
        chosen = self._selected()
        self.edit_button.setEnabled(len(chosen) == 1)
        self.delete_button.setEnabled(bool(chosen))

    def reload(self, rules: list[RuleView]) -> None:
        self.model.set_rows(rules)
        self.view.resizeColumnsToContents()
        self._enable()

    def add_rule(self) -> None:
        self._open(None)

    def edit_rule(self) -> None:
        chosen = self._selected()
        if len(chosen) == 1 and self.panel.writable:
            self._open(chosen[0])

    def _open(self, rule: RuleView | None) -> None:
        dialog = RuleDialog(self, rule)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._planned(dialog, rule))
        self.dialog = dialog
        dialog.open()

    def _planned(self, dialog: RuleDialog, rule: RuleView | None) -> None:
        name, kind, subjects, whitelist, extra = dialog.values()
        service = self.panel.service
        if rule is None:
            def plan() -> ChangeSet:
                return service.plan_add(name, kind, subjects, whitelist, extra)
        else:
            def plan() -> ChangeSet:
                return service.plan_update(rule.name, kind, subjects, whitelist, extra, new_name=name)
        self.panel.host.run_change(plan, title=translate("VisibilityPanel", "Visibility rule"), preview=False)

    def delete_rules(self) -> None:
        names = [r.name for r in self._selected()]
        if names:
            service = self.panel.service
            self.panel.host.run_change(lambda: service.plan_delete(names),
                                       title=translate("VisibilityPanel", "Delete visibility rules"))


class SeeAsTab(QWidget):
    """See the address book as member X: the tree and the members X's client shows, and why the rest is not."""

    def __init__(self, panel: VisibilityPanel) -> None:
        super().__init__(panel)
        self.panel = panel
        self.account = QLineEdit(self)
        self.account.setObjectName("see_as_account")
        self.account.setClearButtonEnabled(True)
        self.account.returnPressed.connect(self.show_member)
        self.account_label = QLabel(self)
        self.account_label.setBuddy(self.account)
        self.go = QPushButton(self)
        self.go.setObjectName("see_as_show")
        self.go.clicked.connect(self.show_member)
        self.hidden_box = QCheckBox(self)
        self.hidden_box.setObjectName("see_as_hidden")
        self.hidden_box.setChecked(True)
        self.hidden_box.toggled.connect(lambda _on: self.show_member())
        self.summary = QLabel(self)
        self.summary.setObjectName("see_as_summary")
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("see_as_tree")
        self.tree.setColumnCount(2)
        self.tree.setUniformRowHeights(True)
        self.tree.currentItemChanged.connect(lambda *_: self._filter_members())
        self.model = SeenMemberModel(self)
        self.view = list_view(self, "see_as_members", multi=False)
        self.view.setModel(self.model)
        self.answer: dict[str, Any] | None = None
        self.pending: Any = None
        row = QHBoxLayout()
        row.addWidget(self.account_label)
        row.addWidget(self.account, 1)
        row.addWidget(self.go)
        row.addWidget(self.hidden_box)
        split = QSplitter(self)
        split.addWidget(self.tree)
        split.addWidget(self.view)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)

    def retranslate(self) -> None:
        self.account_label.setText(translate("VisibilityPanel", "See the address book as &member:"))
        self.account.setPlaceholderText(translate("VisibilityPanel", "Account"))
        self.go.setText(translate("VisibilityPanel", "&Show"))
        self.hidden_box.setText(translate("VisibilityPanel", "Also list hidden items (greyed, with the rule)"))
        self.tree.setHeaderLabels([translate("VisibilityPanel", "Department"),
                                   translate("VisibilityPanel", "Hidden by rule")])
        self.model.retranslate()
        if self.answer is not None:
            self._draw()
        else:
            self.summary.setText(translate("VisibilityPanel", "Type an account to see what that member's client "
                                                              "shows."))

    def show_member(self) -> None:
        """Ask the policy engine on the job pool (an unrestricted member of a large enterprise sees 100,000
        people: seconds, not a frozen window)."""
        account = self.account.text().strip()
        if not account:
            return
        uow, explain, actor = self.panel.session.uow, self.hidden_box.isChecked(), self.panel.session.actor

        def job(progress: object, cancel: object) -> dict[str, Any]:
            return ask(uow, account, actor=actor, explain=explain, details=True).to_json(explain=explain,
                                                                                        details=True)

        self.pending = self.panel.host.runner.submit(
            job, title=translate("VisibilityPanel", "See as member"),
            label=translate("VisibilityPanel", "Reading what this member sees…"))
        self.pending.succeeded.connect(self._answered)
        self.pending.failed.connect(self._refused)

    def _answered(self, answer: dict[str, Any]) -> None:
        self.answer = answer
        self._draw()

    def _refused(self, exc: BaseException) -> None:
        """A coded refusal (no such account) is shown in place."""
        self.answer = None
        self.tree.clear()
        self.model.set_rows([])
        self.summary.setText(error_text(exc))

    def _rule_text(self, item: dict[str, Any]) -> str:
        rule = item.get("rule")
        if not rule:
            return ""
        return fill(translate("VisibilityPanel", "%1 (%2)"), rule, kind_text(item.get("kind", "")))

    def _draw(self) -> None:
        data = self.answer
        if data is None:
            return
        limit = data["restricted_by"]
        text = fill(translate("VisibilityPanel", "%1 (%2) sees %3 departments and %4 members."), data["account"],
                    data["name"], number(len(data["departments"]) - len(data["path_only"])),
                    number(len(data["members"])))
        if limit:
            text += " " + fill(translate("VisibilityPanel", "Limited by rule %1."), self._rule_text(limit))
        self.summary.setText(text)
        self.tree.clear()
        items: dict[str, QTreeWidgetItem] = {}
        path_only = set(data["path_only"])
        rows = [(path, translate("VisibilityPanel", "(path only)") if path in path_only else "", False)
                for path in data["departments"]]
        rows += [(h["path"], self._rule_text(h), True) for h in data.get("hidden_departments", [])]
        for path, note, hidden in sorted(rows, key=lambda r: r[0].split("/")):
            parent_path, _, name = path.rpartition("/")
            parent = items.get(parent_path)
            item = QTreeWidgetItem([name, note])
            item.setData(0, Qt.ItemDataRole.UserRole, path)
            if hidden:
                item.setDisabled(True)  # greyed in the current palette, light or dark
                item.setToolTip(0, note)
                item.setToolTip(1, note)
            if parent is None:
                self.tree.addTopLevelItem(item)
            else:
                parent.addChild(item)
            items[path] = item
        self.tree.expandToDepth(1)
        self.tree.resizeColumnToContents(0)
        self._filter_members()

    def _filter_members(self) -> None:
        data = self.answer
        if data is None:
            return
        current = self.tree.currentItem()
        path = current.data(0, Qt.ItemDataRole.UserRole) if current is not None else None
        rows = [SeenMember(m["account"], m["name"], "、".join(m["departments"]), "") for m in data["member_details"]]
        rows += [SeenMember(h["account"], h["name"], "、".join(h["departments"]), self._rule_text(h))
                 for h in data.get("hidden_members", [])]
        if path:
            inside = {m["account"] for m in [*data["member_details"], *data.get("hidden_members", [])]
                      if any(d == path or d.startswith(path + "/") for d in m["departments"])}
            rows = [r for r in rows if r.account in inside]
        self.model.set_rows(rows)


class VisibilityPanel(Panel):
    def __init__(self, host: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        self.service: VisibilityService = self.session.console.visibility
        self.writable = self.session.can("settings.write")
        self.title = QLabel(self)
        self.title.setObjectName("visibility_title")
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("visibility_tabs")
        self.rules = RulesTab(self)
        self.see_as = SeeAsTab(self)
        self.tabs.addTab(self.rules, "")
        self.tabs.addTab(self.see_as, "")
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.tabs, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(translate("VisibilityPanel", "Visibility settings"))
        self.tabs.setTabText(0, translate("VisibilityPanel", "Rules"))
        self.tabs.setTabText(1, translate("VisibilityPanel", "See as member"))
        self.rules.retranslate()
        self.see_as.retranslate()

    def reload(self) -> None:
        self.rules.reload(self.service.rules())
        if self.see_as.answer is not None:
            self.see_as.show_member()

    def see_as_member(self, account: str) -> None:
        """Open the second tab on this member (the screenshot tour and a test use it)."""
        self.tabs.setCurrentWidget(self.see_as)
        self.see_as.account.setText(account)
        self.see_as.show_member()


def _available(session: Session) -> bool:
    return session.can("settings.read")


register(PanelSpec("我的企业/可见性设置", "enterprise/visibility", QT_TRANSLATE_NOOP("Panels", "Visibility settings"), 301,
                   VisibilityPanel, _available))
