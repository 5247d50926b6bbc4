def test_block_year_lists_its_members_by_role(world, api_as):
    response = api_as(world.users["province_admin"]).get(
        f"/api/v1/block-years/{world.BY.pk}"
    )
    assert response.status_code == 200
    body = response.json()
    assert [m["role"] for m in body["members"]] == ["head", "deputy", "member"]
    assert body["head_unit"] == world.U1.pk
