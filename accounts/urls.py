from django.urls import path

from accounts import views

app_name = "accounts"

# Mounted at /accounts/ before allauth's URLs, so /accounts/login/ (still reversed as
# "account_login") is our login view; allauth's own pages follow.
urlpatterns = [
    path("", views.overview, name="overview"),
    path("login/", views.login, name="login"),
    path("logout-everywhere/", views.logout_everywhere, name="logout_everywhere"),
]
