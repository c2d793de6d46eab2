from django.db import models
from django.utils.translation import gettext_lazy as _


class EditionStatus(models.TextChoices):
    """An edition's life: prepared, held (the expo days), then closed with its results final."""

    PREPARATION = "preparation", _("in preparation")
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class MemberUnitKind(models.TextChoices):
    PROVINCIAL_DEPARTMENT = "provincial_department", _("Provincial department")
    MUNICIPALITY = "municipality", _("Municipality or prefecture")
    AGENCY = "agency", _("Central or other agency")


class Office(models.TextChoices):
    """The organizer's offices; each is a Django group of staff users."""

    SECRETARIAT = "secretariat", _("Secretariat")
    EXHIBITION = "exhibition", _("Exhibition office")
    PROTOCOL = "protocol", _("Protocol office")
    INVESTMENT = "investment", _("Investment office")


class Industry(models.TextChoices):
    """The 12 industry fields of the 13th edition's cooperation projects (REFERENCE.md)."""

    NEW_ENERGY = "new_energy", _("new energy and clean energy")
    NEW_MATERIALS = "new_materials", _("new materials")
    MEDICAL_HEALTH = "medical_health", _("medical and health care")
    GREEN_FOOD = "green_food", _("green food and agricultural products processing")
    CULTURAL_TOURISM = "cultural_tourism", _("cultural tourism")
    AUTOMOBILE = "automobile", _("automobile and parts processing")
    PETROCHEMICAL = "petrochemical", _("petrochemical industry")
    EQUIPMENT = "equipment", _("equipment manufacturing")
    ELECTRONICS = "electronics", _("electronic information and advanced technology")
    METALLURGY = "metallurgy", _("metallurgy and production of building materials")
    LIGHT_INDUSTRY = "light_industry", _("light industry and textile")
    MODERN_SERVICES = "modern_services", _("modern service industry")


class Province(models.TextChoices):
    """China's provincial-level divisions; the value is the English name used in imports."""

    BEIJING = "Beijing", _("Beijing")
    TIANJIN = "Tianjin", _("Tianjin")
    HEBEI = "Hebei", _("Hebei")
    SHANXI = "Shanxi", _("Shanxi")
    INNER_MONGOLIA = "Inner Mongolia", _("Inner Mongolia")
    LIAONING = "Liaoning", _("Liaoning")
    JILIN = "Jilin", _("Jilin")
    HEILONGJIANG = "Heilongjiang", _("Heilongjiang")
    SHANGHAI = "Shanghai", _("Shanghai")
    JIANGSU = "Jiangsu", _("Jiangsu")
    ZHEJIANG = "Zhejiang", _("Zhejiang")
    ANHUI = "Anhui", _("Anhui")
    FUJIAN = "Fujian", _("Fujian")
    JIANGXI = "Jiangxi", _("Jiangxi")
    SHANDONG = "Shandong", _("Shandong")
    HENAN = "Henan", _("Henan")
    HUBEI = "Hubei", _("Hubei")
    HUNAN = "Hunan", _("Hunan")
    GUANGDONG = "Guangdong", _("Guangdong")
    GUANGXI = "Guangxi", _("Guangxi")
    HAINAN = "Hainan", _("Hainan")
    CHONGQING = "Chongqing", _("Chongqing")
    SICHUAN = "Sichuan", _("Sichuan")
    GUIZHOU = "Guizhou", _("Guizhou")
    YUNNAN = "Yunnan", _("Yunnan")
    TIBET = "Tibet", _("Tibet")
    SHAANXI = "Shaanxi", _("Shaanxi")
    GANSU = "Gansu", _("Gansu")
    QINGHAI = "Qinghai", _("Qinghai")
    NINGXIA = "Ningxia", _("Ningxia")
    XINJIANG = "Xinjiang", _("Xinjiang")
    HONG_KONG = "Hong Kong", _("Hong Kong")
    MACAO = "Macao", _("Macao")
    TAIWAN = "Taiwan", _("Taiwan")
