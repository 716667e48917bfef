import request from 'supertest';
import type { AccountsService } from '../../src/service';
import { loadRegions } from '../../src/service';
import { admin, provinceManager, randomUscc, shenyangLiaison } from '../fixtures/enterprises';
import { startService, world } from '../fixtures/service';

// The file's own database: loading another province must not change the regions other test files use.
let svc: AccountsService;

// Nothing stored: the shipped file is in force.
const forgetStored = () => svc.runtime.mongo.collection('regions').deleteMany({});

beforeAll(async () => {
  svc = await startService();
  await forgetStored();
});
afterAll(async () => {
  await forgetStored();
  await svc.stop();
  await world.drop();
});

const jilin = {
  province: { code: '220000', name: '吉林省', nameEn: 'Jilin' },
  cities: [
    { code: '220100', name: '长春市', nameEn: 'Changchun', districts: [{ code: '220102', name: '南关区' }] },
    { code: '220200', name: '吉林市', nameEn: 'Jilin', districts: [] },
  ],
};

describe('region data', () => {
  it('ships Liaoning with its 14 cities', async () => {
    const res = await request(svc.app).get('/regions').set(shenyangLiaison);
    expect(res.body.province.code).toBe('210000');
    expect(res.body.cities).toHaveLength(14);
  });

  it('loads another province through PUT /admin/regions, admins only', async () => {
    expect((await request(svc.app).put('/admin/regions').set(provinceManager).send(jilin)).status).toBe(403);
    expect((await request(svc.app).put('/admin/regions').set(shenyangLiaison).send(jilin)).status).toBe(403);
    const loaded = await request(svc.app).put('/admin/regions').set(admin).send(jilin);
    expect(loaded.status).toBe(200);
    const created = await request(svc.app).post('/enterprises').set(admin).send({ uscc: randomUscc('220102'), name: '长春计量', cityCode: '220100', districtCode: '220102' });
    expect(created.status).toBe(201);
    expect(created.body.provinceCode).toBe('220000');
    const oldCity = await request(svc.app).post('/enterprises').set(admin).send({ uscc: randomUscc(), name: '沈阳', cityCode: '210100' });
    expect(oldCity.status).toBe(400);
    expect(oldCity.body.errors[0].message).toMatch(/unknown city 210100 in 吉林省/);
  });

  it('rejects region data that contradicts itself', async () => {
    const restored = await request(svc.app).put('/admin/regions').set(admin).send(loadRegions());
    expect(restored.status).toBe(200);
    const bad = { province: jilin.province, cities: [jilin.cities[0], { ...jilin.cities[0], districts: [{ code: '210102', name: '和平区' }] }, { code: '210100', name: '沈阳市', districts: [] }] };
    const res = await request(svc.app).put('/admin/regions').set(admin).send(bad);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['cities.1.code', 'cities.1.districts.0.code', 'cities.2.code']);
    expect((await request(svc.app).put('/admin/regions').set(admin).send({ province: jilin.province, cities: [] })).status).toBe(400);
  });
});
