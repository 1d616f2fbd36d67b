"""保密设置: which of mobile / phone / e-mail the selected members hide from other members."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QDialog, QWidget

from youdu_console.domain.model import MemberView
from youdu_console.domain.validation import CONFIDENTIAL_FIELDS
from youdu_console.gui.dialogs.common import RetranslateMixin
from youdu_console.gui.forms.ui_confidential_form import Ui_ConfidentialForm
from youdu_console.gui.i18n import fill, translate


class ConfidentialDialog(RetranslateMixin, QDialog):
    """Emits `confirmed({field: bool})` with only the boxes the user left decided (not partially checked)."""

    confirmed = Signal(dict)

    def __init__(self, members: Sequence[MemberView], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("confidential_dialog")
        self.members = list(members)
        self.ui = Ui_ConfidentialForm()
        self.ui.setupUi(self)
        self.intro, self.buttons = self.ui.intro, self.ui.buttons
        self.boxes: dict[str, QCheckBox] = {}
        for field in CONFIDENTIAL_FIELDS:
            box = QCheckBox(self)
            box.setObjectName(f"confidential_{field}")
            hidden = sum(1 for m in self.members if field in m.confidential)
            if 0 < hidden < len(self.members):
                box.setTristate(True)
                box.setCheckState(Qt.CheckState.PartiallyChecked)
            else:
                box.setChecked(bool(self.members) and hidden == len(self.members))
            self.boxes[field] = box
            self.ui.fields.addWidget(box)
        self.ui.fields.addStretch(1)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(translate("ConfidentialDialog", "Confidential fields"))
        self.intro.setText(fill(translate("ConfidentialDialog", "Choose the information to keep confidential (it is then "
                                                           "not shown in the clients). Members: %1"), "、".join(m.account for m in self.members[:10])
                                    + ("…" if len(self.members) > 10 else "")))
        labels = {"mobile": translate("ConfidentialDialog", "&Mobile"),
                  "phone": translate("ConfidentialDialog", "&Phone"),
                  "email": translate("ConfidentialDialog", "&E-mail")}
        for field, box in self.boxes.items():
            box.setText(labels[field])
            box.setAccessibleName(labels[field].replace("&", ""))

    def changes(self) -> dict[str, bool]:
        return {f: b.checkState() == Qt.CheckState.Checked for f, b in self.boxes.items()
                if b.checkState() != Qt.CheckState.PartiallyChecked}

    def _accept(self) -> None:
        self.confirmed.emit(self.changes())
        self.accept()
