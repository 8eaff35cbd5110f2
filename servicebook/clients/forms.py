"""Forms of the client file; they check input, services make the change."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from servicebook.accounts.models import Department, User
from servicebook.catalog.models import ServiceLine
from servicebook.clients import excel
from servicebook.clients.choices import PropertyStage
from servicebook.clients.models import Client, InformationSource
from servicebook.clients.services import ClientInput, ContactInput, PropertyInput
from servicebook.clients.services.inputs import CONTACT_FIELDS, PROPERTY_FIELDS
from servicebook.core.phones import clean_phone_field


def _person_label(user: User) -> str:
    return user.display_name


class ClientForm(forms.ModelForm):
    """The client file's own fields; owner and department only for managers."""

    services = forms.ModelMultipleChoiceField(
        label=_("Services needed"),
        queryset=ServiceLine.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Client
        fields = [
            "legal_name",
            "short_name",
            "group_company",
            "client_type",
            "product_category",
            "address",
            "information_source",
            "source_detail",
            "services",
            "needs",
            "intent",
            "owner",
            "department",
            "notes",
        ]
        widgets = {
            "needs": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("client_type", "product_category"):
            choices = cast(forms.TypedChoiceField, self.fields[name])
            choices.choices = [("", "—"), *list(choices.choices)[1:]]  # type: ignore[arg-type]
        source = cast(forms.ModelChoiceField, self.fields["information_source"])
        source.empty_label = "—"
        source.queryset = InformationSource.objects.filter(is_active=True)
        if user.is_manager:
            owner = cast(forms.ModelChoiceField, self.fields["owner"])
            owner.queryset = User.objects.filter(is_active=True).order_by(
                "department_id", "username"
            )
            owner.label_from_instance = _person_label  # type: ignore[method-assign,assignment]
            owner.empty_label = _("Unassigned")
            department = cast(forms.ModelChoiceField, self.fields["department"])
            department.required = False
            department.empty_label = _("By client type (automatic)")
            department.queryset = Department.objects.all()
        else:
            del self.fields["owner"]
            del self.fields["department"]
        self.user = user

    def to_input(self) -> ClientInput:
        """The typed input for the client services."""
        data = self.cleaned_data
        return ClientInput(
            legal_name=data["legal_name"].strip(),
            short_name=data["short_name"].strip(),
            group_company=data["group_company"].strip(),
            client_type=data["client_type"],
            product_category=data["product_category"],
            address=data["address"].strip(),
            information_source=data["information_source"],
            source_detail=data["source_detail"].strip(),
            needs=data["needs"].strip(),
            intent=data["intent"],
            notes=data["notes"].strip(),
            services=list(data["services"]),
            department=data.get("department"),
            owner=data["owner"] if "owner" in self.fields else self._current_owner(),
        )

    def _current_owner(self) -> User | None:
        return self.instance.owner if self.instance.pk else self.user


class ContactForm(forms.Form):
    """One contact person; a blank row is ignored."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Name"), max_length=50, required=False)
    title = forms.CharField(label=_("Title"), max_length=50, required=False)
    mobile = forms.CharField(label=_("Mobile"), max_length=30, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    fax = forms.CharField(label=_("Fax"), max_length=30, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    wechat = forms.CharField(label=_("WeChat"), max_length=50, required=False)
    is_primary = forms.BooleanField(label=_("Primary"), required=False)

    def clean_mobile(self) -> str:
        return clean_phone_field(self.cleaned_data["mobile"])

    def clean_phone(self) -> str:
        return clean_phone_field(self.cleaned_data["phone"])

    def clean_fax(self) -> str:
        return clean_phone_field(self.cleaned_data["fax"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = any(data.get(f) for f in ("title", "mobile", "phone", "fax", "email", "wechat"))
        if filled and not (data.get("name") or "").strip():
            self.add_error("name", _("Enter the contact's name."))
        return data

    def to_input(self) -> ContactInput | None:
        data = self.cleaned_data
        if not data or data.get("DELETE") or not (data.get("name") or "").strip():
            return None
        return ContactInput(
            id=data.get("id"),
            **{k: data[k] for k in ("name", "title", "mobile", "phone", "fax", "email", "wechat")},
            is_primary=data["is_primary"],
        )


class PropertyForm(forms.Form):
    """The client's property project; a blank row is ignored."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Project name"), max_length=100, required=False)
    city = forms.CharField(label=_("City"), max_length=50, required=False)
    district = forms.CharField(label=_("District"), max_length=50, required=False)
    site_area = forms.DecimalField(
        label=_("Site area (m²)"), max_digits=12, decimal_places=2, min_value=0, required=False
    )
    floor_area = forms.DecimalField(
        label=_("Floor area (m²)"), max_digits=12, decimal_places=2, min_value=0, required=False
    )
    stage = forms.ChoiceField(
        label=_("Stage"), choices=[("", "—"), *PropertyStage.choices], required=False
    )

    def to_input(self) -> PropertyInput | None:
        data = self.cleaned_data
        if not data or data.get("DELETE") or not (data.get("name") or "").strip():
            return None
        return PropertyInput(**{k: data[k] for k in data if k != "DELETE"})


# A new client gets two blank contact rows; an edit gets one more row than it has.
ContactFormSet = formset_factory(ContactForm, extra=2, can_delete=True, max_num=20)
EditContactFormSet = formset_factory(ContactForm, extra=1, can_delete=True, max_num=20)
PropertyFormSet = formset_factory(PropertyForm, extra=1, can_delete=True, max_num=10)


def contact_initial(client: Client) -> list[dict[str, Any]]:
    """Initial formset rows for the client's contacts."""
    return [{f: getattr(c, f) for f in ("id", *CONTACT_FIELDS)} for c in client.contacts.all()]


def property_initial(client: Client) -> list[dict[str, Any]]:
    """Initial formset rows for the client's property projects."""
    return [{f: getattr(p, f) for f in ("id", *PROPERTY_FIELDS)} for p in client.properties.all()]


MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class ImportUploadForm(forms.Form):
    """The register file to import."""

    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{excel.XLSX_CONTENT_TYPE}"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload
