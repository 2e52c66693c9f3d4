"""The settings register upload form."""

from django import forms

from . import gias


class SettingImportForm(forms.Form):
    partnership = forms.ModelChoiceField(
        label="Which partnership's register?",
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose the partnership whose register you are updating"},
    )
    file = forms.FileField(
        label="Upload a CSV file",
        help_text=(
            "The CSV download from Get Information About Schools for your local authority: up to "
            f"{gias.MAX_ROWS:,} establishments and smaller than {gias.MAX_BYTES // (1024 * 1024)}MB."
        ),
        error_messages={
            "required": "Select a CSV file",
            "empty": "The selected file is empty",
            "invalid": "The selected file could not be read: try again",
        },
    )

    def __init__(self, *args, partnerships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships
        only = list(partnerships[:2])
        if len(only) == 1:
            # One register: nothing to choose, so the question is not asked.
            self.fields["partnership"].widget = forms.HiddenInput()
            self.fields["partnership"].initial = only[0].pk
            if self.is_bound and not self.data.get("partnership"):
                data = self.data.copy()
                data["partnership"] = only[0].pk
                self.data = data
