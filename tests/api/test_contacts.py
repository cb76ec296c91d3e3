"""Contacts of a zone's management company: CRUD, the version check, the change log and the zone's scope."""

from __future__ import annotations


def _contact(client, zone_id, **fields):
    body = {"zone_id": zone_id, "name": "Айгерим Садыкова", "position": "инвестиционный менеджер",
            "phone": "+7 7182 55-00-11", "email": "invest@sez-pavlodar.kz", **fields}
    response = client.post("/api/v1/contacts", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def test_contact_crud_version_and_change_log(client, make):
    zone = make.zone()
    c = _contact(client, zone["id"])
    assert c["zone_id"] == zone["id"] and c["version"] == 1 and c["email"] == "invest@sez-pavlodar.kz"
    assert client.get(f"/api/v1/contacts/{c['id']}").json() == c
    assert client.get("/api/v1/contacts", params={"zone": zone["id"]}).json()["total"] == 1

    changed = client.patch(f"/api/v1/contacts/{c['id']}", json={"phone": "+7 7182 55-00-12", "version": 1})
    assert changed.status_code == 200 and changed.json()["version"] == 2
    stale = client.patch(f"/api/v1/contacts/{c['id']}", json={"note": "x", "version": 1})
    assert stale.status_code == 409 and stale.json()["current"]["version"] == 2
    assert client.delete(f"/api/v1/contacts/{c['id']}", params={"version": 1}).status_code == 409

    bad = client.post("/api/v1/contacts", json={"zone_id": 999999, "name": "X"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "zone_id"
    assert client.post("/api/v1/contacts", json={"zone_id": zone["id"], "name": "X", "email": "no"}).status_code == 422

    assert client.delete(f"/api/v1/contacts/{c['id']}", params={"version": 2}).status_code == 204
    assert client.get(f"/api/v1/contacts/{c['id']}").status_code == 404
    log = client.get("/api/v1/changes", params={"object_type": "contact"}).json()["items"]
    assert [e["action"] for e in log] == ["delete", "update", "create"]
    assert log[1]["changes"]["phone"] == {"before": "+7 7182 55-00-11", "after": "+7 7182 55-00-12"}
    assert all(e["object_id"] == c["id"] and e["actor"] == "user:admin" for e in log)


def test_contacts_go_with_their_zone(client, make):
    zone = make.zone()
    c = _contact(client, zone["id"])
    assert client.delete(f"/api/v1/zones/{zone['id']}").status_code == 204
    assert client.get(f"/api/v1/contacts/{c['id']}").status_code == 404


def test_editing_a_contact_needs_the_right_to_edit_its_zone(client, make, client_for, anon_client):
    pavlodar = make.zone(region_kato="350000000")  # the test zone's region
    almaty = make.zone(name={"ru": "СЭЗ Алматы"}, region_kato="750000000")
    theirs, other = _contact(client, pavlodar["id"]), _contact(client, almaty["id"])
    analyst = client_for("region_analyst", region="350000000")
    assert analyst.patch(f"/api/v1/contacts/{theirs['id']}", json={"note": "ok"}).status_code == 200
    assert analyst.post("/api/v1/contacts", json={"zone_id": pavlodar["id"], "name": "Б"}).status_code == 201
    assert analyst.patch(f"/api/v1/contacts/{other['id']}", json={"note": "no"}).status_code == 403
    assert analyst.post("/api/v1/contacts", json={"zone_id": almaty["id"], "name": "Б"}).status_code == 403
    assert analyst.delete(f"/api/v1/contacts/{other['id']}").status_code == 403
    assert anon_client.post("/api/v1/contacts", json={"zone_id": pavlodar["id"], "name": "Б"}).status_code == 401
    investor = client_for("investor", organisation_id=make.organisation()["id"])
    assert investor.patch(f"/api/v1/contacts/{theirs['id']}", json={"note": "no"}).status_code in (401, 403)
    assert client.get(f"/api/v1/contacts/{other['id']}").json()["note"] is None


def test_contact_page_zone_page_and_export(client, make):
    import io

    from openpyxl import load_workbook

    zone = make.zone(name={"ru": "СЭЗ «Павлодар»", "kk": "«Павлодар» АЭА"})
    c = _contact(client, zone["id"], note="=HYPERLINK(\"http://evil\")")
    twin = client.get(f"/contacts/{c['id']}.json").json()
    assert twin["contact"] == c and twin["zone"]["id"] == zone["id"]
    ru = client.get(f"/contacts/{c['id']}?lang=ru")
    assert ru.status_code == 200 and "Айгерим Садыкова" in ru.text and "Должность" in ru.text
    assert "mailto:invest@sez-pavlodar.kz" in ru.text and f'href="/zones/{zone["id"]}"' in ru.text
    kk = client.get(f"/contacts/{c['id']}?lang=kk")
    assert kk.status_code == 200 and "Лауазымы" in kk.text
    assert client.get("/contacts/999999").status_code == 404

    page = client.get(f"/zones/{zone['id']}?lang=ru")
    assert "Контакты" in page.text and f'href="/contacts/{c["id"]}"' in page.text
    assert client.get(f"/zones/{zone['id']}.json").json()["contacts"] == [c]

    csv = client.get(f"/zones/{zone['id']}/contacts.csv?lang=ru")
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert "Должность" in text.splitlines()[0]
    assert "Айгерим Садыкова" in text and "СЭЗ «Павлодар»" in text and "'=HYPERLINK" in text
    xlsx = client.get(f"/zones/{zone['id']}/contacts.xlsx?lang=kk")
    cells = [v for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True) for v in row]
    assert "Айгерим Садыкова" in cells and "invest@sez-pavlodar.kz" in cells and "Лауазымы" in cells
    assert client.get(f"/zones/{zone['id']}/contacts.pdf").status_code == 404
