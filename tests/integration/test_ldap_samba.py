"""LDAP sync against a real Active Directory schema (a Samba AD DC): Chinese OUs, sAMAccountName, LDAPS, USNs."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import ldap3
import pytest

from tests.fixtures.core import bootstrap
from tests.fixtures.ldapservers import SambaAD
from tests.ldap_helpers import labels, preview_and_apply
from youdu_console.domain.errors import YouduError
from youdu_console.services.console import Console
from youdu_console.services.ldap_sync import LdapSyncService

pytestmark = pytest.mark.ldap


@dataclass
class AdWorld:
    ad: SambaAD
    console: Console
    svc: LdapSyncService
    top: str
    dev: str
    web: str
    sales: str


@pytest.fixture(scope="module")
def ad_world(samba_ad: SambaAD, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AdWorld]:
    ad = samba_ad
    top = ad.add_ou("有度测试")
    dev = ad.add_ou("研发部", top)
    web = ad.add_ou("前端组", dev)
    sales = ad.add_ou("销售部", top)
    ad.add_user("zhangwei", web, cn="张伟", displayName="张伟", mail="ZhangWei@Example.Test", mobile="13800000001",
                telephoneNumber="010-88886666", title="前端工程师")
    ad.add_user("lilei", dev, cn="Li, Lei", displayName="李雷", mobile="13800000002", title="架构师")
    ad.add_user("hanmeimei", sales, cn="韩梅梅", title="销售")  # no displayName: cn is the name
    ad.add_user("olduser", sales, cn="老员工", displayName="老员工", disabled=True)
    ad.add_user("boss", top, cn="王总", displayName="王总😀")
    ad.add_user("outsider", ad.base_dn, cn="域根用户")  # not in a selected OU: not synced
    console = bootstrap(f"sqlite:///{tmp_path_factory.mktemp('ad') / 'youdu.db'}")
    svc = LdapSyncService(console.uow, console.actor, password_provider=lambda cfg: ad.admin_password)
    cs = svc.plan_config(server=ad.ldaps_url, bind_dn=ad.admin_dn, base_dn=ad.base_dn, ca_file=str(ad.ca_file),
                         selected_ous=[top], password=ad.admin_password)
    console.apply(cs)
    yield AdWorld(ad, console, svc, top, dev, web, sales)
    console.uow.dispose()


def test_config_detects_active_directory_and_verifies_over_ldaps(ad_world: AdWorld) -> None:
    cfg = ad_world.svc.config()
    assert (cfg.flavor, cfg.use_ssl, cfg.verify_tls) == ("ad", True, True)
    info = ad_world.svc.test()
    assert (info["flavor"], info["tls"], info["highest_usn"] > 0) == ("ad", "ldaps", True)
    assert "NTDS Settings" in info["server_id"]


def test_full_sync_maps_ous_accounts_and_the_disabled_bit(ad_world: AdWorld) -> None:
    first = preview_and_apply(ad_world.svc)
    assert first.mode == "full"
    d = ad_world.console.directory
    depts = {x.path: x for x in d.list_departments()}
    assert set(depts) == {"有度测试", "有度测试/研发部", "有度测试/研发部/前端组", "有度测试/销售部"}
    conn = ad_world.ad.admin_connection()
    conn.search(ad_world.web, "(objectClass=*)", ldap3.BASE, attributes=["objectGUID"])
    guid = str(uuid.UUID(bytes_le=conn.response[0]["raw_attributes"]["objectGUID"][0]))
    conn.unbind()
    assert depts["有度测试/研发部/前端组"].alias == guid
    zw = d.get_member("zhangwei")
    assert (zw.name, zw.email, zw.mobile, zw.phone, zw.position, zw.departments) == (
        "张伟", "zhangwei@example.test", "13800000001", "010-88886666", "前端工程师", ("有度测试/研发部/前端组",))
    assert d.get_member("lilei").name == "李雷"
    assert d.get_member("hanmeimei").name == "韩梅梅"
    assert d.get_member("boss").name == "王总😀" and d.get_member("boss").departments == ("有度测试",)
    assert d.get_member("olduser").authorization == "disabled"
    with pytest.raises(YouduError):
        d.get_member("outsider")
    assert ad_world.svc.sync(full=True).status == "nothing"


def test_incremental_sync_reads_only_entries_changed_since_the_last_usn(ad_world: AdWorld) -> None:
    ad = ad_world.ad
    ad.modify(f"CN=韩梅梅,{ad_world.sales}", {"title": "销售经理"})
    ad.modify(f"CN=老员工,{ad_world.sales}", {"userAccountControl": "544"})  # enabled again
    r = ad_world.svc.sync()
    assert r.mode == "incremental" and r.stats["users"] == 2
    assert labels(r, "updated") == ["hanmeimei", "olduser"]
    assert ad_world.console.directory.get_member("hanmeimei").position == "销售经理"
    assert ad_world.console.directory.get_member("olduser").authorization == "unauthorized"
    assert ad_world.svc.sync().stats["users"] == 0


def test_moves_and_ou_renames_follow_the_guid(ad_world: AdWorld) -> None:
    ad = ad_world.ad
    ad.move(f"CN=张伟,{ad_world.web}", new_superior=ad_world.sales)
    dept_id = ad_world.console.directory.get_department("有度测试/研发部/前端组").id
    ad_world.web = ad.move(ad_world.web, new_rdn="OU=Web前端")
    r = ad_world.svc.sync()
    assert sorted((op.entity, op.category, op.label) for op in r.changeset.operations) == [
        ("department", "updated", "有度测试/研发部/前端组"), ("member", "moved", "zhangwei")]
    assert ad_world.console.directory.get_department("有度测试/研发部/Web前端").id == dept_id
    assert ad_world.console.directory.get_member("zhangwei").departments == ("有度测试/销售部",)


@pytest.mark.parametrize("bind", ["EXAMPLE\\Administrator", "Administrator@example.test"])
def test_ad_bind_name_forms(ad_world: AdWorld, bind: str) -> None:
    from dataclasses import replace

    from youdu_console.interchange.ldap.connection import test_connection

    cfg = replace(ad_world.svc.config(), bind_dn=bind)
    assert test_connection(cfg, ad_world.ad.admin_password)["ok"]


def test_starttls_on_389_with_the_ca_file(ad_world: AdWorld) -> None:
    from dataclasses import replace

    from youdu_console.interchange.ldap.connection import test_connection

    cfg = replace(ad_world.svc.config(), server=ad_world.ad.ldap_url, start_tls=True)
    assert test_connection(cfg, ad_world.ad.admin_password)["tls"] == "starttls"


def test_ldaps_without_the_ca_file_is_a_tls_failure_and_a_wrong_password_is_named(ad_world: AdWorld) -> None:
    from dataclasses import replace

    from youdu_console.interchange.ldap.connection import test_connection

    cfg = replace(ad_world.svc.config(), ca_file="")  # the system's CAs do not know the test CA
    with pytest.raises(YouduError) as err:
        test_connection(cfg, ad_world.ad.admin_password)
    assert (err.value.code, err.value.exit_code) == ("ldap_tls_failed", 3)
    with pytest.raises(YouduError) as err:
        test_connection(ad_world.svc.config(), "wrong-password")
    assert err.value.code == "ldap_bad_credentials"
    insecure = replace(cfg, verify_tls=False)  # the explicit, warned choice
    assert test_connection(insecure, ad_world.ad.admin_password)["verify_tls"] is False
