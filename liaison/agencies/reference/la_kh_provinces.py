"""Provinces of Laos and Cambodia: ISO 3166-2 codes (as in pycountry), names in Lao and
Khmer script, and the usual romanized names (pycountry's are the strict UNGEGN forms,
e.g. "Xékong", "Svaay Rieng", which officers do not write).

Borders: the 10 Lao provinces on the Vietnamese border (as listed by both governments),
the 9 Cambodian provinces on the Vietnamese border, and the Lao-Cambodian border
provinces (Champasak and Attapeu; Preah Vihear, Stung Treng and Ratanakiri).
"""

from __future__ import annotations

from liaison.agencies.reference import MUNICIPALITY, PROVINCE, AreaSpec

_VN = frozenset({"VN"})
_KH = frozenset({"KH"})
_LA = frozenset({"LA"})
_NONE: frozenset[str] = frozenset()


def _la(code: str, name: str, name_en: str, borders=_NONE, kind: str = PROVINCE) -> AreaSpec:
    return AreaSpec(code=code, country="LA", kind=kind, name=name, name_en=name_en, borders=borders)


def _kh(code: str, name: str, name_en: str, borders=_NONE, kind: str = PROVINCE) -> AreaSpec:
    return AreaSpec(code=code, country="KH", kind=kind, name=name, name_en=name_en, borders=borders)


LA_PROVINCES: tuple[AreaSpec, ...] = (
    _la("LA-VT", "ນະຄອນຫຼວງວຽງຈັນ", "Vientiane Capital", kind=MUNICIPALITY),
    _la("LA-AT", "ອັດຕະປື", "Attapeu", _VN | _KH),
    _la("LA-BK", "ບໍ່ແກ້ວ", "Bokeo"),
    _la("LA-BL", "ບໍລິຄຳໄຊ", "Bolikhamxay", _VN),
    _la("LA-CH", "ຈຳປາສັກ", "Champasak", _KH),
    _la("LA-HO", "ຫົວພັນ", "Houaphanh", _VN),
    _la("LA-KH", "ຄຳມ່ວນ", "Khammouane", _VN),
    _la("LA-LM", "ຫຼວງນ້ຳທາ", "Luang Namtha"),
    _la("LA-LP", "ຫຼວງພະບາງ", "Luang Prabang", _VN),
    _la("LA-OU", "ອຸດົມໄຊ", "Oudomxay"),
    _la("LA-PH", "ຜົ້ງສາລີ", "Phongsaly", _VN),
    _la("LA-SL", "ສາລະວັນ", "Salavan", _VN),
    _la("LA-SV", "ສະຫວັນນະເຂດ", "Savannakhet", _VN),
    _la("LA-VI", "ວຽງຈັນ", "Vientiane Province"),
    _la("LA-XA", "ໄຊຍະບູລີ", "Xayaboury"),
    _la("LA-XE", "ເຊກອງ", "Sekong", _VN),
    _la("LA-XI", "ຊຽງຂວາງ", "Xiengkhouang", _VN),
    _la("LA-XS", "ໄຊສົມບູນ", "Xaisomboun"),
)

KH_PROVINCES: tuple[AreaSpec, ...] = (
    _kh("KH-12", "ភ្នំពេញ", "Phnom Penh", kind=MUNICIPALITY),
    _kh("KH-1", "បន្ទាយមានជ័យ", "Banteay Meanchey"),
    _kh("KH-2", "បាត់ដំបង", "Battambang"),
    _kh("KH-3", "កំពង់ចាម", "Kampong Cham"),
    _kh("KH-4", "កំពង់ឆ្នាំង", "Kampong Chhnang"),
    _kh("KH-5", "កំពង់ស្ពឺ", "Kampong Speu"),
    _kh("KH-6", "កំពង់ធំ", "Kampong Thom"),
    _kh("KH-7", "កំពត", "Kampot", _VN),
    _kh("KH-8", "កណ្ដាល", "Kandal", _VN),
    _kh("KH-9", "កោះកុង", "Koh Kong"),
    _kh("KH-10", "ក្រចេះ", "Kratie", _VN),
    _kh("KH-11", "មណ្ឌលគិរី", "Mondulkiri", _VN),
    _kh("KH-13", "ព្រះវិហារ", "Preah Vihear", _LA),
    _kh("KH-14", "ព្រៃវែង", "Prey Veng", _VN),
    _kh("KH-15", "ពោធិ៍សាត់", "Pursat"),
    _kh("KH-16", "រតនគិរី", "Ratanakiri", _VN | _LA),
    _kh("KH-17", "សៀមរាប", "Siem Reap"),
    _kh("KH-18", "ព្រះសីហនុ", "Preah Sihanouk"),
    _kh("KH-19", "ស្ទឹងត្រែង", "Stung Treng", _LA),
    _kh("KH-20", "ស្វាយរៀង", "Svay Rieng", _VN),
    _kh("KH-21", "តាកែវ", "Takeo", _VN),
    _kh("KH-22", "ឧត្តរមានជ័យ", "Oddar Meanchey"),
    _kh("KH-23", "កែប", "Kep"),
    _kh("KH-24", "ប៉ៃលិន", "Pailin"),
    _kh("KH-25", "ត្បូងឃ្មុំ", "Tbong Khmum", _VN),
)
