"""The demo client register as fixed text, and the code tables its lines refer to."""

from __future__ import annotations

DEMO_YEAR = 2026

# The client register, one block per client (a block starts at an unindented line):
#   legal name | short name | group company | type | product category
#   property project | city | district | site m² | floor m² | stage
#   e-mail domain | contacts "name title pinyin [mobile]", the primary first, ";" between
#   registered by[>owner] | source | intent | status | registered on (MM-DD, 2026)
#   services | needs
#   notes (optional)
# "-" is blank. A manager registering alone leaves the client unassigned.
REGISTER = """\
长沙星河置业有限公司 | 星河置业 | - | mid | residential
  星河湾·一期 | 长沙 | 岳麓区 | 52368.50 | 138200 | on_sale
  xinghezy.com | 王志强 营销总监 wangzq; 李娜 企划经理 lina
  ae2 | referral | strong | contracted | 01-06
  mktplan promotion supervision | 一期开盘在即，需要全程营销策划、整合推广和销售监督。
湖南湘江建设集团地产有限公司 | 湘江地产 | 湖南湘江建设集团有限公司 | group | mixed_use
  湘江壹号·滨江综合体 | 长沙 | 开福区 | 86000 | 320000 | construction
  xjjsdc.com | 陈国栋 董事长 chengd; 易小红 营销副总 yixh
  ka_manager>ae4 | tender | strong | contracted | 01-09
  research devplan mktplan | 滨江综合体公开招标：市场定位、项目发展策划和营销策划。
长沙麓山置业有限公司 | 麓山置业 | - | mid | residential
  岳麓山居 | 长沙 | 岳麓区 | 41050.75 | 98400 | pre_sale
  lushanzy.cn | 谭伟 总经理 tanwei
  ae3 | own | strong | contracted | 01-14
  research mktplan | 山地洋房的定位需要重新梳理，开盘前完成营销策划。
湖南梅溪湖投资发展有限公司 | 梅溪湖投资 | 湖南麓谷投资控股集团有限公司 | key | residential
  梅溪湖壹号 | 长沙 | 岳麓区 | 68000 | 176500 | construction
  mxhtz.com | 欧阳静 企划经理 ouyangj; 贺志明 副总经理 hezm
  ka_manager>ae4 | existing | strong | negotiating | 01-20
  mktplan promotion media | 老客户的二期项目，需要营销策划、整合推广及媒体代理。
株洲神农置业有限公司 | 神农置业 | - | small | residential
  神农湖畔 | 株洲 | 天元区 | 28000 | 72000 | on_sale
  snzy.com.cn | 龙海波 营销总监 longhb
  ae1 | fair | weak | abandoned | 01-27
  promotion | 尾盘去化，询问整合推广报价。
  放弃原因：客户已与另一家代理公司签约。
长沙天心城市建设开发有限公司 | 天心城建 | - | key | commercial
  天心阁悦府商业街 | 长沙 | 天心区 | 18000 | 45000 | design
  txcj.com.cn | 肖振华 开发部经理 xiaozh
  ka_manager>ae4 | media | medium | negotiating | 02-03
  research leasing | 商业街需要商圈调查、业态规划和招商代理。
湘潭九华新城置业有限公司 | 九华新城 | - | mid | residential
  九华·江湾里 | 湘潭 | 岳塘区 | 56000 | 140000 | construction
  jhxczy.com | 蒋红梅 营销总监 jianghm
  ae2 | referral | strong | contracted | 02-10
  mktplan supervision assist | 首期开盘，需要营销策划、销售监督和营销协理。
湖南潇湘文旅集团有限公司 | 潇湘文旅 | - | group | tourism
  靖港古镇文旅小镇 | 长沙 | 望城区 | 210000 | 160000 | design
  xxwl.com.cn | 唐建军 董事长 tangjj; 周琳 项目经理 zhoulin
  ka_manager>ae4 | referral | strong | reported | 02-24
  research devplan culture | 文旅小镇需要可行性研究、整体规划建议和社区文化设计。
长沙芙蓉恒通房地产开发有限公司 | 恒通地产 | - | small | office
  恒通国际大厦 | 长沙 | 芙蓉区 | 9000 | 62000 | completed
  htdc.cn | 曹立新 招商总监 caolx
  ae3 | walkin | medium | following_up | 02-27
  leasing | 写字楼剩余楼层需要招商。
湖南华盛房地产开发有限公司 | 华盛地产 | - | mid | residential
  华盛·锦绣华庭 | 长沙 | 雨花区 | 38000 | 95000 | construction
  huashengdc.com | 胡亮 营销总监 huliang
  ae3 | call | medium | proposal | 03-05
  mktplan promotion | 来电咨询营销策划，要求两周内提交建议书。
岳阳南湖新城置业有限公司 | 南湖新城 | - | mid | residential
  南湖壹号院 | 岳阳 | 岳阳楼区 | 45000 | 112000 | land_acquired
  nhxczy.com | 彭军 董事长 pengjun 13907305188; 付敏 企划经理 fumin
  ae2 | fair | medium | following_up | 03-11
  research devplan | 刚拿地，需要市场调查和项目发展策划。
长沙县星沙产业新城开发有限公司 | 星沙产业新城 | 湖南麓谷投资控股集团有限公司 | key | industrial
  星沙智造产业园 | 长沙 | 长沙县 | 150000 | 210000 | construction
  xscyxc.com | 黎建平 副总经理 lijp
  ka_manager>ae4 | tender | medium | proposal | 03-18
  research leasing | 产业园需要产业定位研究和招商代理。
长沙望城滨水置业有限公司 | 滨水置业 | - | small | residential
  望城·滨水湾 | 长沙 | 望城区 | 33000 | 70000 | design
  bszy.cn | 邹平 总经理 zouping
  ae1 | web | medium | assigned | 03-25
  mktplan | 网站留言咨询营销策划。
衡阳雁城房地产开发有限公司 | 雁城地产 | - | small | residential
  雁城·蒸湘府 | 衡阳 | 蒸湘区 | 26000 | 65000 | pre_sale
  ycdc.com.cn | 廖春生 营销总监 liaocs
  ae2 | web | weak | abandoned | 04-02
  promotion | 只需要一次性的开盘广告设计。
  放弃原因：预算不足，不符合全程代理条件。
湖南中南置地集团有限公司 | 中南置地 | - | group | commercial
  中南·国际金融中心 | 长沙 | 芙蓉区 | 22000 | 185000 | construction
  znzd.com | 段宏伟 董事长 duanhw; 汤慧 营销总监 tanghui
  ka_manager>ae4 | referral | strong | negotiating | 04-08
  research mktplan leasing | 超高层写字楼与商业，需要定位、营销策划和招商。
长沙开福金霞置业有限公司 | 金霞置业 | - | mid | residential
  开福·金霞苑 | 长沙 | 开福区 | 47000 | 118000 | pre_sale
  jinxiazy.com | 万军 营销总监 wanjun
  ae3 | own | medium | following_up | 04-15
  mktplan promotion | 需要开盘前的营销策划和推广。
湖南恒信商业管理有限公司 | 恒信商业 | - | key | commercial
  恒信广场 | 长沙 | 雨花区 | 25000 | 96000 | completed
  hengxinsy.com | 钟雪梅 招商总监 zhongxm
  ka_manager>ae4 | walkin | strong | reported | 04-22
  leasing pm | 购物中心调整业态，需要招商和物业管理顾问。
常德柳叶湖置业有限公司 | 柳叶湖置业 | - | mid | tourism
  柳叶湖·度假湾 | 常德 | 武陵区 | 88000 | 120000 | design
  lyhzy.cn | 文涛 总经理 wentao
  ae2 | fair | medium | proposal | 04-29
  research devplan club | 度假项目需要市场定位、规划建议和会所设计顾问。
长沙雨花经开区建设投资有限公司 | 雨花经开建投 | 长沙雨花城市发展集团有限公司 | group | office
  雨花·总部经济港 | 长沙 | 雨花区 | 64000 | 230000 | design
  yhjkjt.com | 石磊 项目经理 shilei
  ka_manager>ae4 | tender | medium | following_up | 05-06
  research mktplan leasing | 总部基地招标：定位研究、营销策划和招商。
湖南湘商地产有限公司 | 湘商地产 | - | mid | mixed_use
  湘商·天心汇 | 长沙 | 天心区 | 31000 | 88000 | land_acquired
  xiangshangdc.com | 郭勇 董事长 guoyong
  ae3 | existing | strong | negotiating | 05-12
  research devplan mktplan | 老客户的新地块，需要从定位到营销的全程策划。
浏阳市河畔置业有限公司 | 河畔置业 | - | small | residential
  浏阳河畔·花园 | 长沙 | 浏阳市 | 24000 | 52000 | construction
  hepanzy.cn | 罗丹 企划经理 luodan
  ae1 | call | weak | following_up | 05-19
  promotion media | 来电询问推广和媒体投放。
湖南嘉和置业有限公司 | 嘉和置业 | - | mid | residential
  嘉和·芙蓉里 | 长沙 | 芙蓉区 | 19000 | 58000 | on_sale
  jiahezy.com | 熊伟 营销总监 xiongwei
  ae2 | media | medium | abandoned | 05-26
  supervision | 尾盘需要销售监督。
  放弃原因：项目已基本售罄，客户决定自行销售尾盘。
株洲芦淞商贸城开发有限公司 | 芦淞商贸城 | - | key | commercial
  芦淞服饰商贸城三期 | 株洲 | 芦淞区 | 36000 | 140000 | construction
  lscmc.com | 黄德胜 总经理 huangds
  ka_manager>ae4 | own | strong | proposal | 06-03
  leasing promotion | 三期商铺的招商和推广。
长沙岳麓科技园开发有限公司 | 岳麓科技园 | 湖南麓谷投资控股集团有限公司 | group | office
  麓谷·科创中心 | 长沙 | 岳麓区 | 58000 | 165000 | design
  ylkjy.com | 朱晓东 招商总监 zhuxd
  ka_manager>ae4 | referral | medium | following_up | 06-10
  research leasing | 集团推荐，科创中心需要定位研究和招商。
湘潭昭山置业有限公司 | 昭山置业 | - | mid | tourism
  昭山·湖湘院子 | 湘潭 | 岳塘区 | 72000 | 86000 | land_acquired
  zhaoshanzy.com | 杨帆 项目经理 yangfan
  ae3 | fair | medium | researching | 06-16
  research devplan | 房交会上结识，需要市场调查和规划建议。
益阳资江置业有限公司 | 资江置业 | - | small | residential
  资江·滨江苑 | 益阳 | 赫山区 | 30000 | 75000 | design
  zijiangzy.cn | 夏勇 总经理 xiayong
  ae2 | web | medium | following_up | 06-23
  mktplan | 需要营销策划报价。
长沙湘府置业有限公司 | 湘府置业 | - | mid | residential
  湘府·天悦 | 长沙 | 天心区 | 40000 | 105000 | construction
  xiangfuzy.com | 毛建新 营销总监 maojx
  ae2 | call | strong | reported | 06-30
  mktplan promotion supervision | 意向明确，需要全程营销代理。
湖南融城投资集团有限公司 | 融城投资 | - | group | mixed_use
  融城·暮云新城 | 长沙 | 天心区 | 120000 | 380000 | land_acquired
  rongchengtz.com | 严志刚 副总经理 yanzg
  ka_manager | tender | medium | researching | 07-07
  research devplan | 大型新城项目招标，先收集资料再分配。
郴州苏仙置业有限公司 | 苏仙置业 | - | small | residential
  苏仙·福城 | 郴州 | 苏仙区 | 27000 | 68000 | pre_sale
  suxianzy.cn | 何刚 营销总监 hegang
  mkt_manager>ae3 | call | medium | assigned | 07-14
  mktplan assist | 开盘前需要营销策划和营销协理。
长沙高铁新城开发有限公司 | 高铁新城 | - | key | commercial
  高铁会展商业广场 | 长沙 | 雨花区 | 46000 | 150000 | design
  gtxc.com.cn | 任继红 董事长 renjh
  ka_manager>ae4 | media | strong | reported | 07-21
  research mktplan leasing | 会展商业广场需要定位、营销策划和招商。
长沙芙蓉华府置业有限公司 | 芙蓉华府 | - | mid | residential
  芙蓉华府·二期 | 长沙 | 芙蓉区 | 35000 | 90000 | on_sale
  frhfzy.com | 谢丽 企划经理 xieli
  ae3 | existing | strong | contracted | 07-28
  promotion media | 一期合作满意，二期续签整合推广和媒体代理。
湖南洞庭湖文旅发展有限公司 | 洞庭文旅 | 湖南潇湘文旅集团有限公司 | group | tourism
  洞庭湖·渔乡小镇 | 岳阳 | 君山区 | 160000 | 120000 | design
  dtwl.com.cn | 袁斌 项目经理 yuanbin
  ka_manager>ae4 | referral | medium | proposal | 08-04
  devplan culture | 集团推荐，渔乡小镇需要规划建议和社区文化设计。
长沙县黄花空港置业有限公司 | 空港置业 | - | small | industrial
  黄花空港物流园 | 长沙 | 长沙县 | 90000 | 110000 | land_acquired
  kgzy.cn | 田华 总经理 tianhua
  mkt_manager>ae2 | own | weak | assigned | 08-11
  research | 物流园需要市场调查。
湘潭雨湖置业有限公司 | 雨湖置业 | - | small | residential
  雨湖·金色家园 | 湘潭 | 雨湖区 | 21000 | 50000 | design
  yuhuzy.cn | 戴文 营销总监 daiwen
  ae1 | call | weak | researching | 08-18
  mktplan | 询问营销策划费用。
长沙湘江北岸置业有限公司 | 北岸置业 | - | mid | mixed_use
  北岸·滨江汇 | 长沙 | 开福区 | 42000 | 130000 | pre_sale
  beianzy.com | 龚雪 营销总监 gongxue
  ae2 | fair | medium | following_up | 08-25
  mktplan promotion | 滨江综合体开盘前的营销策划与推广。
湖南华盛房地产开发（集团）有限公司 | 华盛集团 | - | group | residential
  华盛·悦湖湾 | 长沙 | 望城区 | 60000 | 150000 | land_acquired
  hsjt.com | 胡建华 总经理 hujh
  ae4 | call | medium | registered | 09-02
  research devplan | 来电自称集团总部，可能与华盛地产是同一家，待核实。
岳阳南湖置地有限公司 | 南湖置地 | - | small | commercial
  南湖·风情商业街 | 岳阳 | 岳阳楼区 | 15000 | 32000 | design
  nhzd.cn | 彭军 董事长 pengjun 13907305188
  ae3 | walkin | medium | registered | 09-09
  leasing | 同一位董事长的另一家项目公司，商业街需要招商。
长沙坡子街文化商业发展有限公司 | 坡子街商业 | - | key | commercial
  坡子街·湘味里 | 长沙 | 天心区 | 12000 | 38000 | design
  pzjsy.com | 刘畅 项目经理 liuchang
  ka_manager>ae4 | walkin | medium | researching | 09-15
  research culture leasing | 历史街区商业改造，需要研究、文化包装和招商。
宁乡市沩水置业有限公司 | 沩水置业 | - | small | residential
  沩水·宁乡壹号 | 长沙 | 宁乡市 | 29000 | 64000 | construction
  weishuizy.cn | 姚明亮 营销总监 yaoml
  mkt_manager>ae3 | media | medium | assigned | 09-22
  mktplan promotion | 看到报纸广告后来电，需要营销策划和推广。
长沙洋湖湿地置业有限公司 | 洋湖置业 | - | mid | residential
  洋湖·湿地公馆 | 长沙 | 岳麓区 | 37000 | 92000 | design
  yanghuzy.com | 邓超 企划经理 dengchao
  ae2 | web | medium | registered | 10-09
  research mktplan | 需要竞品分析和营销策划。
长沙湘雅置业有限公司 | 湘雅置业 | - | - | residential
  湘雅·学府 | 长沙 | 开福区 | - | - | -
  xiangyazy.cn | 秦海 总经理 qinhai
  cs_manager | call | medium | brochure_sent | 10-16
  mktplan | 来电了解我司，已寄送公司宣传资料。
长沙暮云置业有限公司 | 暮云置业 | - | - | residential
  暮云·锦苑 | 长沙 | 天心区 | - | - | land_acquired
  muyunzy.cn | 孔令辉 副总经理 konglh
  ae1 | fair | medium | brochure_sent | 10-23
  research | 房交会上交换名片，已递交宣传资料。
株洲湘江风光带开发有限公司 | 湘江风光带 | - | mid | tourism
  湘江风光带·文旅街区 | 株洲 | 天元区 | 54000 | 60000 | design
  xjfgd.com | 范志勇 项目经理 fanzy
  mkt_manager | tender | medium | registered | 10-30
  devplan culture | 招标公告，等待经理分配。
长沙星城创意园发展有限公司 | 星城创意园 | - | - | commercial
  星城创意园 | 长沙 | 开福区 | - | - | -
  xccyy.cn | 史静 招商经理 shijing
  cs_manager | web | medium | discovered | 11-05
  leasing | 网站留言，想了解招商服务。
湖南桃花江置业有限公司 | 桃花江置业 | - | - | tourism
  桃花江·度假村 | 益阳 | 桃江县 | - | - | -
  thjzy.cn | 陆平 董事长 luping
  ae1 | referral | weak | discovered | 11-12
  devplan | 朋友介绍，项目尚在前期。
长沙望岳置业有限公司 | 望岳置业 | - | small | residential
  望岳·家园 | 长沙 | 岳麓区 | 18000 | 42000 | design
  wangyuezy.cn | 金波 营销总监 jinbo
  ae1 | walkin | medium | registered | 11-18
  mktplan | 上门咨询营销策划。
浏阳金阳新城建设开发有限公司 | 金阳新城 | - | - | mixed_use
  金阳新城·中心区 | 长沙 | 浏阳市 | - | - | land_acquired
  jyxc.com.cn | 邱少华 副总经理 qiush
  cs_manager | tender | medium | discovered | 11-24
  research devplan | 招标公告，尚未联系。
"""

# Registered knowingly as look-alikes of earlier clients (same name; shared mobile).
LOOK_ALIKES = frozenset({"湖南华盛房地产开发（集团）有限公司", "岳阳南湖置地有限公司"})

SERVICES = {
    "research": "market_research",
    "devplan": "development_planning",
    "mktplan": "marketing_planning",
    "pm": "property_management",
    "club": "clubhouse_design",
    "culture": "community_culture",
    "leasing": "leasing",
    "supervision": "sales_supervision",
    "promotion": "integrated_promotion",
    "media": "media_agency",
    "assist": "marketing_assistance",
}
SOURCES = {
    "call": "来电咨询",
    "referral": "客户推荐",
    "tender": "招标公告",
    "fair": "房交会/展会",
    "walkin": "上门拜访",
    "media": "媒体广告",
    "web": "网络",
    "own": "主动开发",
    "existing": "老客户",
}
ROADS = {
    "岳麓区": "麓谷大道", "天心区": "芙蓉南路", "雨花区": "万家丽中路", "开福区": "三一大道",
    "芙蓉区": "五一大道", "望城区": "雷锋大道", "长沙县": "开元路", "浏阳市": "金沙北路",
    "宁乡市": "玉潭中路", "天元区": "珠江北路", "芦淞区": "建设中路", "岳塘区": "芙蓉大道",
    "雨湖区": "建设北路", "岳阳楼区": "巴陵中路", "君山区": "洞庭大道", "蒸湘区": "蒸湘北路",
    "武陵区": "朗州路", "赫山区": "康富南路", "苏仙区": "苏仙北路", "桃江县": "桃花江路",
}  # fmt: skip
