from django.urls import path

from exhibitors.views import online, visitors

app_name = "online"

urlpatterns = [
    path("", online.home, name="home"),
    path("search/", online.search_page, name="search"),
    path("live/", online.live, name="live"),
    path("register/", visitors.register, name="register"),
    path("favourites/", visitors.favourites, name="favourites"),
    path("seen.gif", visitors.seen, name="seen"),
    path("language/", visitors.language, name="language"),
    path("<int:number>/exhibits/<int:pk>/favourite/", visitors.favourite_exhibit, name="favourite_exhibit"),
    path("<int:number>/exhibitors/<int:pk>/favourite/", visitors.favourite_exhibitor, name="favourite_exhibitor"),
    path("<int:number>/", online.home, name="edition"),
    path("<int:number>/exhibitors/", online.exhibitor_list, name="exhibitors"),
    path("<int:number>/exhibitors/<int:pk>/", online.exhibitor_detail, name="exhibitor"),
    path("<int:number>/exhibits/<int:pk>/", online.exhibit_detail, name="exhibit"),
    path("<int:number>/pavilions/<slug:code>/", online.pavilion, name="pavilion"),
    path("<int:number>/plans/<slug:code>/", online.floor_plan, name="plan"),
]
