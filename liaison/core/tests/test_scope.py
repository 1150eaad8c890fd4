"""The pure scope computation, without a database."""

from liaison.core.scope import AgencyTree, compute_scope

# 1 VN ministry > 2 C04 > 3 Quảng Nam > 4 Nam Giang ; 10 LA ministry > 11 dept > 12 Sekong >
# 13 Lamam ; 20 KH department (outsider)
AGENCIES = [
    (1, None, "VN"),
    (2, 1, "VN"),
    (3, 2, "VN"),
    (4, 3, "VN"),
    (10, None, "LA"),
    (11, 10, "LA"),
    (12, 11, "LA"),
    (13, 12, "LA"),
    (20, None, "KH"),
]


def tree(partnerships=((3, 12),)):
    return AgencyTree.build(AGENCIES, partnerships)


def test_own_subtree_and_chain():
    scope = compute_scope(tree(), 3)
    assert scope.own_subtree == {3, 4}
    assert scope.chain_up == {1, 2, 3}
    assert scope.country == "VN"


def test_partner_subtree_reaches_partner_sub_units():
    scope = compute_scope(tree(), 4)  # Nam Giang inherits Quảng Nam's partnership
    assert scope.partner_agencies == {12}
    assert scope.partner_subtree == {12, 13}


def test_higher_levels_do_not_inherit_lower_partnerships():
    assert compute_scope(tree(), 1).partner_subtree == frozenset()


def test_outsider_has_no_partners():
    scope = compute_scope(tree(), 20)
    assert scope.partner_subtree == frozenset()
    assert scope.own_subtree == {20}


def test_same_country_parties_are_not_partners():
    scope = compute_scope(tree(partnerships=((3, 4, 12),)), 3)
    assert scope.partner_agencies == {12}


def test_ministerial_partnership_covers_the_whole_partner_tree():
    scope = compute_scope(tree(partnerships=((1, 10),)), 4)
    assert scope.partner_subtree == {10, 11, 12, 13}


def test_unknown_agency_gets_empty_scope():
    scope = compute_scope(tree(), 999)
    assert scope.agency_id is None and not scope.own_subtree


def test_cycle_in_data_does_not_loop():
    t = AgencyTree.build([(1, 2, "VN"), (2, 1, "VN")], [])
    assert compute_scope(t, 1).chain_up == {1, 2}
