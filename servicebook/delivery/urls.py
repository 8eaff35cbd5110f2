"""Delivery pages live under /projects/ beside the project they belong to."""

from django.urls import URLPattern

app_name = "delivery"

urlpatterns: list[URLPattern] = []
