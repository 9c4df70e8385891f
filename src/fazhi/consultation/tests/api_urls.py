"""The consultation router on its own API, so its tests do not depend on how the main API mounts it."""

from django.urls import path
from ninja import NinjaAPI
from ninja.security import django_auth

from fazhi.consultation.api import router

api = NinjaAPI(urls_namespace="consultation-api-test", auth=django_auth, docs_url=None)
api.add_router("/", router)

urlpatterns = [path("api/v1/", api.urls)]
