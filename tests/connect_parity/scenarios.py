"""Wire-parity scenarios run with the reference client, `connect-openapi-client==35.0`.

Usage: python scenarios.py <base_url> <out.jsonl>

Every scenario builds its own `ConnectClient` pointed at `<base_url>/public/v1`, tags each of
its requests with the `X-Scenario` header, and writes one JSON line to `out.jsonl`:
`{"scenario", "client", "raised", "error", "result"}` (`client`: the options that differ from
the defaults: `default_limit`, `max_retries`, `endpoint_path`). The Rust side (`tests/tests/connect_parity.rs`)
runs the same scenarios by name, with the same client options, against the same stand-in
server and compares the requests.

The stand-in (see the Rust test) answers, below `/public/v1/`:
- a GET with a `limit` parameter: a page of a collection (`products` 250 items, `small` 25,
  `empty` 0, `nocr` 2 items without `Content-Range`, any other 7);
- any other GET: `{"id": <last segment>, "name": ..., "inner": {"title": ...}}`;
- POST 201, PUT 200 (both echo the body as `received`), DELETE 204;
- a path holding `PRD-404` 404, `PRD-500` or `broken` 500 (HTML body), `bad` 400,
  `busy` 429 and `gateway` 502 (JSON error bodies).
"""

import json
import sys
from datetime import date

from connect.client import ClientError, ConnectClient, R

API_KEY = 'ApiKey SU-000-000-000:secret'
TRICKY = 'a&b #c=d,(e) ñ'
SCENARIOS = []


def scenario(name, **client_kwargs):
    """Registers a scenario; `client_kwargs` override the client options."""
    def register(fn):
        SCENARIOS.append((name, client_kwargs, fn))
        return fn
    return register


def summary(items):
    """The count and the first and last ids of a list of items."""
    items = list(items)
    return {
        'n': len(items),
        'first': items[0]['id'] if items else None,
        'last': items[-1]['id'] if items else None,
    }


def item_id(item):
    return item['id'] if item else None


# Pagination and slicing.

@scenario('iterate_all_pages')
def _(cc):
    return summary(cc.products.all())


@scenario('iterate_limit_50')
def _(cc):
    return summary(cc.products.all().limit(50))


@scenario('iterate_filtered_kwargs')
def _(cc):
    return summary(cc.products.filter(status='published'))


@scenario('iterate_small_limit_10', default_limit=10)
def _(cc):
    return summary(cc.collection('small').all())


@scenario('iterate_empty')
def _(cc):
    return summary(cc.collection('empty').all())


@scenario('iterate_without_content_range')
def _(cc):
    return summary(cc.collection('nocr').all())


@scenario('slice_5_18')
def _(cc):
    return summary(cc.products.all()[5:18])


@scenario('slice_0_3')
def _(cc):
    return summary(cc.products.all()[0:3])


@scenario('slice_20_40')
def _(cc):
    return summary(cc.products.all()[20:40])


@scenario('slice_count_10_20')
def _(cc):
    return cc.products.all()[10:20].count()


@scenario('slice_small_5_18_limit_10', default_limit=10)
def _(cc):
    return summary(cc.collection('small').all()[5:18])


@scenario('slice_small_20_40_limit_10', default_limit=10)
def _(cc):
    return summary(cc.collection('small').all()[20:40])


@scenario('slice_small_past_end_limit_10', default_limit=10)
def _(cc):
    return summary(cc.collection('small').all()[30:40])


@scenario('count')
def _(cc):
    return cc.products.all().count()


@scenario('count_after_iteration')
def _(cc):
    rs = cc.collection('small').all()
    n = len(list(rs))
    return [n, rs.count()]


@scenario('first')
def _(cc):
    return item_id(cc.products.all().first())


@scenario('first_of_empty')
def _(cc):
    return item_id(cc.collection('empty').all().first())


@scenario('index_5')
def _(cc):
    return item_id(cc.products.all()[5])


# Filters, search, select and ordering.

@scenario('filter_r_and_kwargs')
def _(cc):
    rs = cc.products.filter(R().n('a.b').eq('x') & R(c__in=['1', '2'])).filter(d__gt=3)
    return rs.count()


@scenario('filter_string_expression')
def _(cc):
    return cc.products.filter('eq(status,published)').count()


@scenario('filter_or_and_not')
def _(cc):
    return cc.products.filter(R(a=1) | ~R(b='2')).count()


@scenario('filter_dates_bools_numbers')
def _(cc):
    query = R().created.ge(date(2024, 5, 17)) & R().active.eq(True) & R().price.lt(9.5)
    return cc.products.filter(query).count()


@scenario('filter_null_empty_like')
def _(cc):
    query = R().x.null(True) & R().y.empty(False) & R().name.ilike('*saas*')
    return cc.products.filter(query).count()


@scenario('filter_value_with_space')
def _(cc):
    return cc.products.filter(R().name.ilike('*saas services*')).count()


@scenario('filter_in_out_ne')
def _(cc):
    query = R().status.in_(['draft', 'published']) & R().kind.out(['a', 'b']) & R().owner.ne('me')
    return cc.products.filter(query).count()


@scenario('filter_quoted_with_spaces')
def _(cc):
    return cc.products.filter(name='"x y"').count()


@scenario('filter_unicode')
def _(cc):
    return cc.products.filter(name='ñandú').count()


@scenario('filter_special_characters')
def _(cc):
    return cc.products.filter(name=TRICKY).count()


@scenario('search_hello_world')
def _(cc):
    return item_id(cc.products.all().search('hello world').first())


@scenario('search_ampersand')
def _(cc):
    return cc.products.all().search('a&b').count()


@scenario('select_order_by_chain')
def _(cc):
    return summary(cc.collection('small').all().select('-a', 'b').order_by('x', '-y'))


@scenario('full_chain_count')
def _(cc):
    rs = (
        cc.products.all().limit(5).order_by('a').order_by('-b').select('x').select('-y')
        .filter(a=1).filter('eq(b,2)').search('s')
    )
    return rs.count()


@scenario('values_list')
def _(cc):
    return list(cc.collection('small').all().limit(10)[0:3].values_list('id', 'inner.title', 'nope.x'))


@scenario('configure_params')
def _(cc):
    return summary(cc.collection('small').all().configure(params={'x': '1'}))


# Create, bulk operations, resources.

@scenario('create')
def _(cc):
    return cc.products.create(payload={'name': 'P', 'tags': ['a', 'b'], 'n': 1, 'ok': True})


@scenario('create_empty_payload')
def _(cc):
    return cc.products.create(payload={})


@scenario('bulk_create')
def _(cc):
    return cc.products.bulk_create([{'name': 'A'}, {'name': 'B'}])


@scenario('bulk_update')
def _(cc):
    return cc.products.bulk_update([{'id': 'PRD-1', 'name': 'A'}])


@scenario('bulk_delete')
def _(cc):
    return cc.products.bulk_delete([{'id': 'PRD-1'}, {'id': 'PRD-2'}])


@scenario('resource_get')
def _(cc):
    return cc.products['PRD-1'].get()


@scenario('resource_int_id')
def _(cc):
    return cc.products[123].get()


@scenario('resource_update')
def _(cc):
    return cc.products['PRD-1'].update(payload={'name': 'Q', 'n': 2})


@scenario('resource_delete')
def _(cc):
    return cc.products['PRD-1'].delete()


@scenario('resource_exists')
def _(cc):
    return cc.products['PRD-1'].exists()


@scenario('resource_exists_404')
def _(cc):
    return cc.products['PRD-404'].exists()


@scenario('resource_get_404')
def _(cc):
    return cc.products['PRD-404'].get()


@scenario('resource_values')
def _(cc):
    return cc.products['PRD-1'].values('id', 'inner.title', 'nope')


@scenario('resource_id_with_space')
def _(cc):
    return cc.products['a b'].get()


@scenario('resource_id_unicode')
def _(cc):
    return cc.products['ñ'].get()


@scenario('resource_id_with_slash')
def _(cc):
    return cc.products['a/b'].get()


@scenario('resource_id_with_question_mark')
def _(cc):
    return cc.products['a?b'].get()


@scenario('resource_id_dot_dot')
def _(cc):
    return cc.products['..'].get()


@scenario('endpoint_trailing_slash', endpoint_path='/public/v1/')
def _(cc):
    return cc.products['PRD-1'].get()


# Actions and namespaces.

@scenario('resource_action_get')
def _(cc):
    return cc.products['PRD-1']('endsale').get()


@scenario('resource_action_post')
def _(cc):
    return cc.products['PRD-1']('endsale').post({'reason': 'old', 'at': [1, 2]})


@scenario('resource_action_post_no_payload')
def _(cc):
    return cc.products['PRD-1']('approve').post()


@scenario('resource_action_put')
def _(cc):
    return cc.products['PRD-1']('endsale').put({'x': 1})


@scenario('resource_action_delete')
def _(cc):
    return cc.products['PRD-1']('endsale').delete()


@scenario('collection_action_get')
def _(cc):
    return cc.products('stats').get()


@scenario('collection_action_post')
def _(cc):
    return cc.products('reprocess').post({'all': True})


@scenario('nested_namespace_action')
def _(cc):
    return cc('devops').services['SRVC-1'].environments['ENV-1'].variables('export').get()


@scenario('nested_namespaces_count')
def _(cc):
    return cc('a')('b').products.all().count()


@scenario('sub_collection_iterate')
def _(cc):
    return summary(cc.products['PRD-1'].items.all())


@scenario('underscore_sugar')
def _(cc):
    return item_id(cc.my_collection.all().first())


@scenario('low_level_calls')
def _(cc):
    return [
        cc.get('products/PRD-1/items'),
        cc.create('products', payload={'a': 1}),
        cc.update('products/PRD-1', payload={'a': 2}),
        cc.delete('products/PRD-1'),
    ]


# Errors and retries.

@scenario('error_400')
def _(cc):
    return cc.collection('bad').create(payload={'x': 1})


@scenario('error_500')
def _(cc):
    return cc.products['PRD-500'].get()


@scenario('error_500_on_a_page')
def _(cc):
    return summary(cc.collection('broken').all())


@scenario('exists_500')
def _(cc):
    return cc.products['PRD-500'].exists()


@scenario('retry_get_502', max_retries=1)
def _(cc):
    return cc.collection('gateway').all().count()


@scenario('retry_get_500', max_retries=1)
def _(cc):
    return cc.products['PRD-500'].get()


@scenario('retry_post_502', max_retries=1)
def _(cc):
    return cc.collection('gateway').create(payload={'x': 1})


@scenario('no_retry_429', max_retries=1)
def _(cc):
    return cc.collection('busy').all().count()


def run(base_url, out_path):
    """Runs every scenario and writes one JSON line each; returns the number run."""
    with open(out_path, 'w', encoding='utf-8') as out:
        for name, client_kwargs, fn in SCENARIOS:
            kwargs = {'max_retries': 0, **client_kwargs}
            endpoint_path = kwargs.pop('endpoint_path', '/public/v1')
            cc = ConnectClient(
                API_KEY,
                endpoint=base_url.rstrip('/') + endpoint_path,
                default_headers={'X-Scenario': name},
                **kwargs,
            )
            line = {
                'scenario': name, 'client': client_kwargs,
                'raised': False, 'error': None, 'result': None,
            }
            try:
                line['result'] = fn(cc)
            except ClientError as e:
                line.update(raised=True, error=str(e))
            except Exception as e:  # noqa: BLE001 - recorded, compared by the Rust side
                line.update(raised=True, error=f'{type(e).__name__}: {e}')
            out.write(json.dumps(line, ensure_ascii=False, default=str) + '\n')
    return len(SCENARIOS)


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit('usage: scenarios.py <base_url> <out.jsonl>')
    count = run(sys.argv[1], sys.argv[2])
    print(f'{count} reference scenarios written to {sys.argv[2]}')
