"""Issue #10 point 6: settings pages generated from the declarations with the right widget per type,
laid out to the top, and an unsaved-changes prompt when leaving a page or closing the window."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QLineEdit, QMessageBox, QPlainTextEdit, QSpinBox, QWidget

from tests.gui.support import GUI_MARKS, apply_preview, open_console
from youdu_console.domain.settings import SETTINGS
from youdu_console.gui.main_window import MainWindow

pytestmark = GUI_MARKS
pytest_plugins = ["tests.gui.support"]  # the window fixtures


def _setting(url: str, key: str) -> Any:
    console = open_console(url)
    try:
        return console.settings.get(key)
    finally:
        console.uow.dispose()


def _boxes(editor: QWidget) -> dict[str, QCheckBox]:
    return {box.property("choice"): box for box in editor.findChildren(QCheckBox)}


def _prompt(main_window: MainWindow) -> QMessageBox | None:
    boxes = [b for b in main_window.findChildren(QMessageBox)
             if b.objectName() == "unsaved_changes_box" and b.isVisible()]
    return boxes[0] if boxes else None


def test_lists_of_choices_are_check_boxes_not_raw_identifiers(qtbot: Any, main_window: MainWindow,
                                                              gui_org_url: str) -> None:
    page = main_window.show_panel("enterprise/access")
    devices = page.editors["access.allowed_devices"]
    assert not devices.findChildren(QPlainTextEdit) and not devices.findChildren(QLineEdit)
    boxes = _boxes(devices)
    assert [b.text() for b in boxes.values()] == ["Windows", "Mac", "Linux", "Android", "iOS"]
    assert all(b.isChecked() for b in boxes.values())
    boxes["android"].setChecked(False)
    assert page.changed() == {"access.allowed_devices": ["windows", "mac", "linux", "ios"]}
    page.save_button.click()
    apply_preview(qtbot, main_window)
    assert _setting(gui_org_url, "access.allowed_devices") == ["windows", "mac", "linux", "ios"]
    fields = _boxes(main_window.show_panel("enterprise/directory").editors["directory.member_editable_fields"])
    assert {k: (b.text(), b.isChecked()) for k, b in fields.items() if b.isChecked()} == {
        "mobile": ("Mobile", True), "phone": ("Phone", True), "email": ("Email", True)}
    main_window.set_language("zh_CN")
    qtbot.waitUntil(lambda: fields["mobile"].text() == "手机", timeout=5000)


def test_address_ranges_are_checked_line_by_line(qtbot: Any, main_window: MainWindow) -> None:
    page = main_window.show_panel("enterprise/access")
    ranges = page.editors["access.internal_networks"]
    assert isinstance(ranges, QPlainTextEdit)
    error = page.errors["access.internal_networks"]
    ranges.setPlainText("10.0.0.0/8\n192.168.1.300/24")
    qtbot.waitUntil(lambda: error.isVisible(), timeout=3000)
    assert "192.168.1.300/24" in error.text() and "2" in error.text()
    assert not page.save_button.isEnabled()
    ranges.setPlainText("10.0.0.0/8\n192.168.1.0/24")
    qtbot.waitUntil(lambda: not error.isVisible(), timeout=3000)
    assert page.save_button.isEnabled()


def test_the_licence_expiry_offers_never_and_opens_on_a_real_date(qtbot: Any, main_window: MainWindow,
                                                                  gui_org_url: str) -> None:
    page = main_window.show_panel("enterprise/licence")
    expiry = page.editors["licence.expires"]
    assert expiry.never.isChecked() and not expiry.date_edit.isEnabled()
    assert expiry.date_edit.date() == QDate.currentDate()  # not January 2000
    assert expiry.date_edit.calendarWidget().selectedDate() == QDate.currentDate()
    expiry.never.setChecked(False)
    expiry.date_edit.setDate(QDate(2031, 12, 31))
    assert page.changed() == {"licence.expires": "2031-12-31"}
    page.save_button.click()
    apply_preview(qtbot, main_window)
    assert _setting(gui_org_url, "licence.expires") == "2031-12-31"
    assert expiry.date_edit.date() == QDate(2031, 12, 31) and not expiry.never.isChecked()
    expiry.never.setChecked(True)
    assert page.changed() == {"licence.expires": ""}


def test_numbers_carry_their_unit_as_a_suffix(qtbot: Any, main_window: MainWindow) -> None:
    page = main_window.show_panel("enterprise/security")
    spins = {key: page.editors[key] for key in ("security.lockout_threshold", "security.lockout_minutes",
                                                 "security.password_expiry_days")}
    assert all(isinstance(s, QSpinBox) for s in spins.values())
    assert [s.suffix().strip() for s in spins.values()] == ["times", "minutes", "days"]
    assert spins["security.lockout_minutes"].specialValueText() == "never (unlocked by an administrator)"
    assert "(" not in page.labels["security.lockout_minutes"].text()  # the unit left the label
    main_window.set_language("zh_CN")
    qtbot.waitUntil(lambda: spins["security.lockout_minutes"].suffix().strip() == "分钟", timeout=5000)
    assert spins["security.password_expiry_days"].specialValueText() == "永不过期"


def test_fields_sit_at_the_top_with_their_hints_right_under_them(qtbot: Any, main_window: MainWindow) -> None:
    for slug in ("enterprise/licence", "enterprise/security", "enterprise/access", "enterprise/directory"):
        page = main_window.show_panel(slug)
        qtbot.wait(20)
        line = page.fontMetrics().height()
        form = page.form_widget
        tops = []
        for s in page.settings:
            editor = page.editors[s.key]
            top = editor.mapTo(form, editor.rect().topLeft()).y()
            tops.append((top, editor.height()))
            hint = page.helps[s.key]
            if hint.text():
                gap = hint.mapTo(form, hint.rect().topLeft()).y() - (top + editor.height())
                assert 0 <= gap <= line, (slug, s.key, gap)
        tops.sort()
        assert tops[0][0] <= 2 * line, (slug, tops[0])
        # Section headings and the actions under a section (a test mail, a preview) sit between rows.
        between = [(w.mapTo(form, w.rect().topLeft()).y(), w.height())
                   for w in [*page.headings.values(), *page.extras, *page.helps.values()] if w.isVisibleTo(page)]
        for (a, h), (b, _h) in pairwise(tops):
            inserted = sum(wh for wt, wh in between if a + h <= wt < b)
            assert b - (a + h) - inserted <= 4 * line, (slug, a, h, b)  # no large gaps between rows
        last = tops[-1][0] + tops[-1][1]
        scrolls = form.height() > form.parentWidget().height()  # a long page has no free space: it scrolls
        assert scrolls or form.height() - last > 2 * line, slug  # the free space is below the rows, not between


def test_leaving_a_page_with_unsaved_edits_asks(qtbot: Any, main_window: MainWindow, gui_org_url: str) -> None:
    page = main_window.show_panel("enterprise/licence")
    page.set_value("licence.seat_limit", 250)
    main_window.show_panel("enterprise/security")
    qtbot.waitUntil(lambda: _prompt(main_window) is not None, timeout=3000)
    assert main_window.current_panel() is page
    _prompt(main_window).button(QMessageBox.StandardButton.Cancel).click()
    qtbot.waitUntil(lambda: _prompt(main_window) is None, timeout=3000)
    assert main_window.current_panel() is page and page.changed() == {"licence.seat_limit": 250}
    main_window.show_panel("home")  # another top-level tab asks too
    qtbot.waitUntil(lambda: _prompt(main_window) is not None, timeout=3000)
    _prompt(main_window).button(QMessageBox.StandardButton.Discard).click()
    qtbot.waitUntil(lambda: main_window.current_panel() is main_window.panels["home"], timeout=3000)
    assert page.changed() == {}
    main_window.show_panel("enterprise/licence")
    page.set_value("licence.seat_limit", 300)
    main_window.show_panel("enterprise/security")
    qtbot.waitUntil(lambda: _prompt(main_window) is not None, timeout=3000)
    _prompt(main_window).button(QMessageBox.StandardButton.Save).click()
    apply_preview(qtbot, main_window)
    qtbot.waitUntil(lambda: main_window.current_panel() is main_window.panels["enterprise/security"], timeout=5000)
    assert _setting(gui_org_url, "licence.seat_limit") == 300


def test_closing_the_window_with_unsaved_edits_asks(qtbot: Any, main_window: MainWindow) -> None:
    page = main_window.show_panel("enterprise/security")
    page.set_value("security.lockout_threshold", 9)
    main_window.close()
    qtbot.waitUntil(lambda: _prompt(main_window) is not None, timeout=3000)
    assert main_window.isVisible()
    _prompt(main_window).button(QMessageBox.StandardButton.Discard).click()
    qtbot.waitUntil(lambda: not main_window.isVisible(), timeout=3000)


def test_every_declared_type_has_its_widget(main_window: MainWindow) -> None:
    for s in SETTINGS:
        if s.section.startswith("4.") or s.internal:
            continue  # LDAP 集成 has its own page; what an action keeps (a certificate) has no editor
        slug = next(spec.slug for spec in main_window.specs.values() if spec.path.endswith(s.page))
        editor = main_window.panels[slug].editors[s.key]
        if s.type == "list" and s.choices:
            assert len(_boxes(editor)) == len(s.choices), s.key
        elif s.type == "int":
            assert isinstance(editor, QSpinBox) and (not s.unit or editor.suffix()), s.key
