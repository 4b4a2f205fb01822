from django.urls import path

from consultations.knowledge import views

# The fixed pages come before <slug>: the services refuse these words as addresses.
urlpatterns = [
    path("kb/", views.kb_search, name="kb_search"),
    path("kb/suggest/", views.kb_suggest, name="kb_suggest"),
    path("kb/new/", views.kb_new, name="kb_new"),
    path("kb/preview/", views.kb_preview, name="kb_preview"),
    path("kb/drafts/", views.kb_drafts, name="kb_drafts"),
    path("kb/insights/", views.kb_insights, name="kb_insights"),
    path("kb/<slug:slug>/", views.kb_article, name="kb_article"),
    path("kb/<slug:slug>/edit/", views.kb_edit, name="kb_edit"),
    path("kb/<slug:slug>/publish/", views.kb_publish, name="kb_publish"),
]
