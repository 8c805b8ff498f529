"""Administrators set each site's audit standard and caseload in the admin; the deployment default applies otherwise."""
import pytest

from audit.kpis import context_for
from audit.models import AuditSettings, AuditStandard

pytestmark = pytest.mark.django_db


def test_an_administrator_may_edit_audit_settings_in_the_admin(client, admin_a, site_a):
    client.force_login(admin_a)
    response = client.post("/admin/audit/auditsettings/add/", {
        "site": site_a.pk, "standard": AuditStandard.IOF, "estimated_annual_caseload": 1200,
    })
    assert response.status_code == 302
    row = AuditSettings.objects.get(site=site_a)
    assert (row.standard, row.estimated_annual_caseload) == (AuditStandard.IOF, 1200)


def test_a_manager_may_not_edit_audit_settings(client, manager_a):
    client.force_login(manager_a)
    assert client.get("/admin/audit/auditsettings/add/").status_code in (302, 403)


def test_a_site_without_settings_uses_the_deployment_standard(site_a, settings):
    settings.FLS_AUDIT_STANDARD = AuditStandard.IOF
    ctx, caseload = context_for([site_a])
    assert ctx.site_ids_by_standard[AuditStandard.IOF] == [site_a.pk]
    assert caseload is None
