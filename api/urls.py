from django.urls import path

from api import views

urlpatterns = [
    path("", views.token_list, name="api_tokens"),
    path("create/", views.token_create, name="api_token_create"),
    path("<id:pk>/revoke/", views.token_revoke, name="api_token_revoke"),
]
