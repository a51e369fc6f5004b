from django.urls import path

from readership.reads import read_beacon

app_name = "readership"

urlpatterns = [
    path("read/<int:pk>/", read_beacon, name="read"),
]
