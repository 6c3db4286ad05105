from django.urls import path

from tamkeen.enterprises import views

app_name = "enterprises"
urlpatterns = [
    path("", views.enterprise_list, name="list"),
    path("new/", views.enterprise_start, name="start"),
    path("household/<int:household_pk>/new/", views.enterprise_create, name="create"),
    path("<int:pk>/", views.enterprise_detail, name="detail"),
    path("<int:pk>/documents/", views.enterprise_documents, name="documents"),
    path("<int:pk>/products/add/", views.product_add, name="product_add"),
    path("<int:pk>/products/<int:product_pk>/photo/", views.product_photo, name="product_photo"),
    path("<int:pk>/certificates/add/", views.certificate_add, name="certificate_add"),
    path("<int:pk>/financing/add/", views.financing_add, name="financing_add"),
    path("<int:pk>/sales/add/", views.sale_add, name="sale_add"),
    path(
        "<int:pk>/financing/<int:financing_pk>/repayment/",
        views.financing_repayment,
        name="financing_repayment",
    ),
]
