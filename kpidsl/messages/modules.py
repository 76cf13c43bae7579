"""Messages of imports and templates (K-E05.., template params and examples) and the API's few
words of its own: where a module is, what it holds, which template an indicator uses."""

from __future__ import annotations

from ..i18n import message

# ----------------------------------------------------------------------------- imports


@message(en="import paths must be relative to the scheme's folder, not '{module}'", zh="导入路径必须相对于方案所在的文件夹，而不是“{module}”")
def import_not_relative(*, module: str) -> None: ...


@message(en="only .kpi files can be imported, not '{module}'", zh="只能导入 .kpi 文件，而不是“{module}”")
def import_not_kpi(*, module: str) -> None: ...


@message(en="unknown module '{module}'", zh="未知的模块“{module}”")
def unknown_module(*, module: str) -> None: ...


@message(en='stdlib modules are named `std.<name>`; files are imported by quoted path, e.g. import "common.kpi"',
         zh='标准库模块的名称形如 `std.<名称>`；文件用带引号的路径导入，例如 import "common.kpi"')
def unknown_module_hint() -> None: ...


@message(en="import cycle: {cycle}", zh="循环导入：{cycle}")
def import_cycle(*, cycle: str) -> None: ...


@message(en="more than {limit} modules imported", zh="导入的模块超过 {limit} 个")
def too_many_modules(*, limit: int) -> None: ...


@message(en="stdlib modules: {modules}", zh="标准库模块：{modules}")
def stdlib_modules(*, modules: str) -> None: ...


@message(en="cannot find module '{module}' (looked for {target})", zh="找不到模块“{module}”（查找了 {target}）")
def module_not_found(*, module: str, target: str) -> None: ...


@message(en="'{module}' holds a scheme; only modules of definitions can be imported", zh="“{module}”中有方案；只能导入只含定义的模块")
def module_has_scheme(*, module: str) -> None: ...


@message(en="move the shared ladders, scales, bands and constants into their own file", zh="请把共用的阶梯、量表、等级区间和常量移到单独的文件中")
def module_has_scheme_hint() -> None: ...


@message(en="'{module}' has no definition named '{name}'", zh="“{module}”中没有名为“{name}”的定义")
def no_such_definition(*, module: str, name: str) -> None: ...


@message(en="'{name}' is imported twice, from {first} and {second}", zh="“{name}”被导入了两次：来自 {first} 和 {second}")
def imported_twice(*, name: str, first: str, second: str) -> None: ...


@message(en="import it by name from one module only: from MODULE import NAME", zh="请只从一个模块按名称导入：from 模块 import 名称")
def imported_twice_hint() -> None: ...


@message(en="'{name}' here replaces the definition imported from {module}", zh="此处的“{name}”取代了从 {module} 导入的定义")
def replaces_import(*, name: str, module: str) -> None: ...


@message(en="rename it if both are meant to exist", zh="如果两者都需要保留，请给它换个名字")
def replaces_import_hint() -> None: ...


@message(en="'{name}' is defined twice", zh="“{name}”定义了两次")
def defined_twice(*, name: str) -> None: ...


# ----------------------------------------------------------------------------- templates


@message(en="template '{template}' has no param '{param}'", zh="模板“{template}”没有参数“{param}”")
def no_such_param(*, template: str, param: str) -> None: ...


@message(en="its params: {params}", zh="它的参数：{params}")
def template_params(*, params: str) -> None: ...


@message(en="it has no params", zh="它没有参数")
def template_without_params() -> None: ...


@message(en="param '{param}' is used as a tier bound, so it must be a plain number", zh="参数“{param}”用作档位界值，因此必须是一个数字")
def param_bound_not_number(*, param: str) -> None: ...


@message(en="write a number such as 95% or 300", zh="请写一个数字，例如 95% 或 300")
def param_bound_hint() -> None: ...


@message(en="'{name}' sets a param but uses no template", zh="“{name}”设置了参数，却没有使用模板")
def param_without_template(*, name: str) -> None: ...


@message(en="params belong to `indicator NAME from TEMPLATE {{ ... }}`", zh="参数只能写在 `indicator 名称 from 模板 {{ ... }}` 中")
def param_without_template_hint() -> None: ...


@message(en="unknown template '{template}'", zh="未知的模板“{template}”")
def unknown_template(*, template: str) -> None: ...


@message(en="import it first, e.g. from std.indicators.operations import 准时交付率", zh="请先导入它，例如 from std.indicators.operations import 准时交付率")
def unknown_template_hint() -> None: ...


@message(en="input '{input}' is declared as {mine} here, but template '{template}' (used by '{indicator}') reads it as {theirs}",
         zh="输入项“{input}”在此声明为 {mine}，但模板“{template}”（被“{indicator}”使用）把它读作 {theirs}")
def input_type_clash(*, input: str, mine: str, template: str, indicator: str, theirs: str) -> None: ...


@message(en="declare it as {theirs}, or leave it out and let the template declare it", zh="请把它声明为 {theirs}，或者不声明，由模板声明")
def input_type_clash_hint(*, theirs: str) -> None: ...


@message(en="from the template of `indicator {indicator} from {template}` at {location}",
         zh="来自 {location} 处 `indicator {indicator} from {template}` 所用的模板")
def used_by(*, indicator: str, template: str, location: str) -> None: ...


# ----------------------------------------------------------------------------- the API


@message(en="{path} defines no scheme (it is a module of definitions)", zh="{path} 中没有方案（它是只含定义的模块）")
def no_scheme(*, path: str) -> None: ...


@message(en='evaluate a file with a `scheme "..." {{ ... }}` block', zh='请计算带有 `scheme "..." {{ ... }}` 块的文件')
def no_scheme_hint() -> None: ...
