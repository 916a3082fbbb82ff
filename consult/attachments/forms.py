"""The upload form of the agency draft page."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField

from consult.attachments.models import ATTACHMENT_KINDS, AttachmentKind
from consult.forms import choice_list

# A hint for the browser's file picker only: the type is decided by the file's content.
ACCEPT = ".pdf,.docx,.xlsx,.png,.jpg,.jpeg,.gif,.webp"


class AttachmentForm(FlaskForm):
    """A file and whether it is the original document or an annex."""

    file = FileField(
        _l("File"), validators=[FileRequired(_l("Choose a file to upload."))], render_kw={"accept": ACCEPT}
    )
    kind = SelectField(_l("This file is"), choices=choice_list(ATTACHMENT_KINDS.items()), default=AttachmentKind.ANNEX)
