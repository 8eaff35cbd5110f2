"""Client communication pages, under /projects/ beside the project (each feature a block)."""

from django.urls import URLPattern

app_name = "communications"

urlpatterns: list[URLPattern] = [
    # --- contacts, requests and letters ---
    # --- service logs ---
    # --- forms and documents ---
    # --- outbox ---
]
