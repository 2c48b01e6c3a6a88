from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("คำรับรองการปฏิบัติราชการ")

    def ready(self) -> None:
        from agreements import notices
        from agreements.selectors import menu_cycle_departments
        from core.navigation import NavItem, register_nav

        register_nav(
            NavItem(
                "agreements",
                _("รอบคำรับรอง"),
                "agreements:index",
                shown=menu_cycle_departments,
                order=30,
            )
        )
        register_nav(
            NavItem(
                "intranet",
                _("คำรับรองของหน่วยงาน"),
                "agreements:intranet_index",
                order=70,
            )
        )
        notices.register_kinds()

        from agreements.work import agreement_work_items
        from core.work import register_work_provider

        register_work_provider(agreement_work_items)

        from agreements.locks import approved_amendments, signed_agreement, signed_agreement_lock
        from indicators.locks import register_agreement_reads, register_lock_check

        register_lock_check(signed_agreement_lock)
        register_agreement_reads(
            approved_amendments=approved_amendments, signed_agreement=signed_agreement
        )
