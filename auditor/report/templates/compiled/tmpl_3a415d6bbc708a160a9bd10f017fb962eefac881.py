from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'sections/coverage.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_data = resolve('data')
    pass
    yield '<p class="lead">Each control requirement the rules provide evidence for, the rules that test it, and what they found in this run. <span class="not-run-rule">Greyed</span> rules were not evaluated: they compare with an input this run was not given.</p>\n<table class="data" id="coverage-table">\n<thead><tr><th scope="col">Requirement</th><th scope="col">Tested by</th><th scope="col" class="num">Open</th><th scope="col" class="num">Exempted</th></tr></thead>\n<tbody>\n'
    l_1_loop = missing
    for l_1_row, l_1_loop in LoopContext((undefined(name='data') if l_0_data is missing else l_0_data), undefined):
        _loop_vars = {}
        pass
        if context.call(environment.getattr(l_1_loop, 'changed'), environment.getattr(environment.getattr(l_1_row, 'requirement'), 'framework'), _loop_vars=_loop_vars):
            pass
            yield '<tr class="group-row"><th scope="colgroup" colspan="4">'
            yield escape(environment.finalize(environment.getattr(environment.getattr(l_1_row, 'requirement'), 'framework')))
            yield '</th></tr>\n'
        yield '<tr>\n<td><strong>'
        yield escape(environment.finalize(environment.getattr(environment.getattr(l_1_row, 'requirement'), 'control')))
        yield '</strong> '
        yield escape(environment.finalize(environment.getattr(environment.getattr(l_1_row, 'requirement'), 'title')))
        yield '</td>\n<td class="rule-links">'
        l_2_loop = missing
        for (l_2_rule_id, l_2_ran), l_2_loop in LoopContext(environment.getattr(l_1_row, 'rules'), undefined):
            _loop_vars = {}
            pass
            yield '<a href="#rule-'
            yield escape(environment.finalize(l_2_rule_id))
            yield '"'
            if (not l_2_ran):
                pass
                yield ' class="not-run-rule" title="not evaluated in this run"'
            yield '>'
            yield escape(environment.finalize(l_2_rule_id))
            yield '</a>'
            if (not environment.getattr(l_2_loop, 'last')):
                pass
                yield ', '
        l_2_loop = l_2_rule_id = l_2_ran = missing
        yield '</td>\n'
        if environment.getattr(l_1_row, 'evaluated'):
            pass
            yield '<td class="num'
            if environment.getattr(l_1_row, 'open'):
                pass
                yield ' bad'
            yield '">'
            yield escape(environment.finalize(environment.getattr(l_1_row, 'open')))
            yield '</td>\n<td class="num">'
            yield escape(environment.finalize(environment.getattr(l_1_row, 'exempted')))
            yield '</td>\n'
        else:
            pass
            yield '<td class="num not-run" colspan="2">not evaluated</td>\n'
        yield '</tr>\n'
    l_1_loop = l_1_row = missing
    yield '</tbody>\n</table>\n'

blocks = {}
debug_info = '5=14&6=17&7=20&10=23&11=28&12=45&13=48&14=54'