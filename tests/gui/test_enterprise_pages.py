"""我的企业's actions on the generated pages: the licence upload, the list preview, the cluster check, the push
certificate's refusal and the RTX code — real widgets, real services, a local TCP server."""

from __future__ import annotations

import base64
import datetime as dt
import json
import socket
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from tests.gui.support import GUI_MARKS, apply_preview, open_console, wait_applied, wait_jobs
from youdu_console.domain import licence
from youdu_console.gui.main_window import MainWindow
from youdu_console.gui.panels.enterprise import (
    ClusterBox,
    LicenceBox,
    ListPreview,
    PushCertificateBox,
    RtxBox,
)

pytestmark = GUI_MARKS
pytest_plugins = ["tests.gui.support"]


def _extra(page: Any, kind: type) -> Any:
    return next(w for w in page.extras if isinstance(w, kind))


def _settings(url: str, *keys: str) -> list[Any]:
    console = open_console(url)
    try:
        return [console.settings.get(k) for k in keys]
    finally:
        console.uow.dispose()


def test_licence_upload_applies_seats_and_expiry(qtbot: Any, main_window: MainWindow, gui_org_url: str,
                                                 tmp_path: Path) -> None:
    vendor = Ed25519PrivateKey.generate()
    key = base64.b64encode(vendor.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()
    console = open_console(gui_org_url)
    console.settings.set({"enterprise.number": "100200", "licence.public_key": key})
    console.uow.dispose()
    expires = (dt.date.today() + dt.timedelta(days=90)).isoformat()
    doc = licence.sign({"format": licence.FORMAT, "enterprise_number": "100200", "seats": 800,
                        "expires": expires}, vendor)
    good, forged = tmp_path / "ok.lic", tmp_path / "forged.lic"
    good.write_text(json.dumps(doc), encoding="utf-8")
    forged.write_text(json.dumps({**doc, "seats": 8000}), encoding="utf-8")

    page = main_window.show_panel("enterprise/licence")
    box = _extra(page, LicenceBox)
    box.apply_file(str(forged))
    qtbot.waitUntil(lambda: "signature is not valid" in box.result.text(), timeout=10000)
    assert box.result.isVisible()
    box.apply_file(str(good))
    apply_preview(qtbot, main_window)
    assert _settings(gui_org_url, "licence.seat_limit", "licence.expires") == [800, expires]
    qtbot.waitUntil(lambda: "/800" in page.usage.text(), timeout=5000)


def test_list_preview_follows_the_unsaved_slots(main_window: MainWindow) -> None:
    page = main_window.show_panel("enterprise/directory")
    preview = _extra(page, ListPreview)
    assert (preview.yellow.text(), preview.blue.text()) == ("(empty)", "[Online] Sales assistant")
    yellow = page.editors["directory.list_slot_yellow"]
    yellow.setCurrentIndex(yellow.findData("department"))
    page.editors["directory.list_slot_blue"].boxes["position"].setChecked(False)
    assert (preview.yellow.text(), preview.blue.text()) == ("Sales", "[Online]")


def test_cluster_verify_uses_the_typed_address(qtbot: Any, main_window: MainWindow) -> None:
    page = main_window.show_panel("enterprise/advanced")
    box = _extra(page, ClusterBox)
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(4)
        page.set_value("cluster.server", "127.0.0.1")
        page.set_value("cluster.port", server.getsockname()[1])
        box.verify.click()
        wait_jobs(qtbot, main_window.runner)
    qtbot.waitUntil(lambda: box.result.text().startswith("Connected to 127.0.0.1"), timeout=5000)


def test_push_certificate_refusal_and_rtx_code(qtbot: Any, main_window: MainWindow, gui_org_url: str,
                                               tmp_path: Path) -> None:
    page = main_window.show_panel("enterprise/advanced")
    push = _extra(page, PushCertificateBox)
    (tmp_path / "junk.p12").write_bytes(b"not a certificate")
    push.file.setText(str(tmp_path / "junk.p12"))
    push.app_id.setText("com.example.youdu")
    push.password.setText("whatever")
    push.save.click()
    qtbot.waitUntil(lambda: "cannot be opened with this password" in push.result.text(), timeout=10000)
    assert _settings(gui_org_url, "push.certificate") == [""]

    rtx = _extra(page, RtxBox)
    assert rtx.code.text() == "Connection code: (none yet)"
    wait_applied(qtbot, main_window, rtx.regenerate.click)
    code = _settings(gui_org_url, "rtx.connection_code")[0]
    qtbot.waitUntil(lambda: rtx.code.text() == f"Connection code: {code}", timeout=5000)
    assert len(code) == 6 and code.isdigit()
