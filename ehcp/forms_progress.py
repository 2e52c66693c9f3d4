"""The form for recording progress towards an outcome. It shapes input; the service decides what is allowed
(``services_progress.progress_post``) and its field errors come back onto these fields."""

from django import forms

from .models import ProgressUpdate

AUTHOR_LABELS = {
    "child": "The child or young person, in their own words",
    "family": "Parent or carer",
    "setting": "School or college",
    "la": "Local authority",
}
MEDIA_HINT = (
    "Optional. A picture, a recording or a video of the child's progress, or a document: JPEG, PNG, GIF, "
    "WebP, MP3, WAV, M4A, Ogg, MP4, WebM, QuickTime, PDF or Word, up to 20MB."
)


class ProgressForm(forms.Form):
    outcome_id = forms.ChoiceField(
        label="Which outcome is this about?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose an outcome from section E of the plan",
            "invalid_choice": "Choose an outcome from section E of the plan",
        },
    )
    author_kind = forms.ChoiceField(
        label="Who is this update from?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose who the update is from",
            "invalid_choice": "Choose who the update is from",
        },
    )
    rating = forms.ChoiceField(
        label="How is it going?",
        required=False,
        widget=forms.RadioSelect,
        choices=ProgressUpdate.Rating.choices,
        error_messages={"invalid_choice": "Choose how the outcome is going"},
    )
    text = forms.CharField(
        label="What progress has been made?",
        help_text="What the child can do now, what has helped and anything that is getting in the way.",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        error_messages={
            "required": "Enter the progress made",
            "max_length": "The progress must be 5000 characters or fewer",
        },
    )
    upload = forms.FileField(
        label="Add a picture, recording or video",
        help_text=MEDIA_HINT,
        required=False,
        widget=forms.FileInput,
        error_messages={"empty": "The selected file is empty"},
    )
    upload_description = forms.CharField(
        label="What does the file show?",
        help_text="Optional. A short description for anyone who cannot see or hear it.",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": "The description must be 1000 characters or fewer"},
    )

    def __init__(self, *args, outcomes: list[dict], author_kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome_id"].choices = [(o["id"], f"{o['label']}: {o['text']}") for o in outcomes]
        self.fields["author_kind"].choices = [(kind, AUTHOR_LABELS[kind]) for kind in author_kinds]
        if len(author_kinds) == 1:
            self.fields["author_kind"].widget = forms.HiddenInput()
            self.fields["author_kind"].initial = author_kinds[0]
        self.single_author = len(author_kinds) == 1

    def service_field(self, key: str) -> str | None:
        return key if key in self.fields else None
