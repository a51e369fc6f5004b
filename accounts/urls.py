app_name = "accounts"

# Our own account pages; allauth's (login, sign-up, password reset) are included after these.
urlpatterns: list = []
